/**
 * The Discord front end, the only package that imports JDA. Commands are generated from the tool
 * catalog ({@link dev.labhand.discord.DiscordCommands}); interactions are acknowledged at once and the
 * tools run on workers through {@link dev.labhand.chat.ChatService}, admitted and tracked until delivered
 * ({@code InFlight}), so a shutdown finishes what runs and answers the rest "restarting". Nothing here is
 * per tool: a new tool needs no Discord code.
 */
package dev.labhand.discord;
