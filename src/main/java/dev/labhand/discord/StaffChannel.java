package dev.labhand.discord;

import dev.labhand.i18n.Messages;
import dev.labhand.tool.Caller.Lang;
import java.util.EnumSet;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.channel.middleman.GuildMessageChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configured staff channel ({@code desk.staffChannel}): each newly queued question is posted there with
 * [Draft] [Claim] buttons, mentioning nobody. They run {@code desk.draft question:} and {@code queue.claim} through
 * the gateway as the presser.
 */
public final class StaffChannel {
    private static final Logger log = LoggerFactory.getLogger(StaffChannel.class);
    private final DiscordBot bot;
    private final String channelId;
    private final Lang lang;

    public StaffChannel(DiscordBot bot, String channelId, Lang lang) {
        this.bot = bot;
        this.channelId = channelId;
        this.lang = lang;
    }

    /** Posts question {@code id}'s notice; a channel the bot cannot see is logged, not thrown. */
    public void post(long id, String text) {
        GuildMessageChannel channel = bot.jda().getChannelById(GuildMessageChannel.class, channelId);
        if (channel == null) {
            log.warn("desk.staffChannel {} is not a channel the bot can see; question #{} was only sent by DM", channelId, id);
            return;
        }
        channel.sendMessage(text.length() > 1900 ? text.substring(0, 1900) + "…" : text)
                .setAllowedMentions(EnumSet.noneOf(Message.MentionType.class))
                .setComponents(ActionRow.of(
                        Button.primary(ContextMenuListener.QUESTION_DRAFT + id, Messages.get(lang, "discord.desk.button.draft")),
                        Button.secondary(ContextMenuListener.CLAIM + id, Messages.get(lang, "discord.desk.button.claim"))))
                .queue(ok -> { }, err -> log.warn("question #{} could not be posted to the staff channel: {}", id, err.toString()));
    }
}
