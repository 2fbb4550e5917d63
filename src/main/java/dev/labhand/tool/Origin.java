package dev.labhand.tool;

/**
 * Which front end a call came through; recorded in every audit row. MESSAGE is a chat message
 * (a DM or a mention) rather than a slash command; CONTEXT_MENU a Discord "Apps" menu on a message or a member;
 * FORUM a new post on the course's question board (a Discord forum channel), whose thread is the caller's channel.
 */
public enum Origin {
    CONSOLE, SLASH, BUTTON, MESSAGE, LLM, ROUTER, SYSTEM, CONTEXT_MENU, FORUM
}
