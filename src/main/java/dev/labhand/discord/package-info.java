/**
 * The Discord front end, the only package that imports JDA. Commands are generated from the tool
 * catalog ({@link dev.labhand.discord.DiscordCommands}); interactions are acknowledged at once and the
 * tools run on workers through {@link dev.labhand.chat.ChatService}. Nothing here is per tool: a new
 * tool needs no Discord code.
 */
package dev.labhand.discord;
