package dev.labhand.tool;

/** Which front end a call came through; recorded in every audit row. */
public enum Origin {
    CONSOLE, SLASH, BUTTON, LLM, ROUTER, SYSTEM
}
