/**
 * Platform-neutral chat: the slash grammar, {@link dev.labhand.chat.ChatService} (one line in, one
 * {@link dev.labhand.chat.Reply} out) and help. Front ends (console, Discord) render replies; none of
 * them calls a tool except through the gateway.
 */
package dev.labhand.chat;
