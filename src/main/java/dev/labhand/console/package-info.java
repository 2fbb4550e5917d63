/**
 * The console: Labhand's embedded default front end, driven by a terminal or a script through stdin.
 * It speaks the same slash grammar as Discord through {@link dev.labhand.chat.ChatService}.
 */
package dev.labhand.console;
