package dev.labhand.tool;

/**
 * Which front end a call came through; recorded in every audit row. MESSAGE is a chat message
 * (a DM or a mention) rather than a slash command.
 */
public enum Origin {
    CONSOLE, SLASH, BUTTON, MESSAGE, LLM, ROUTER, SYSTEM
}
