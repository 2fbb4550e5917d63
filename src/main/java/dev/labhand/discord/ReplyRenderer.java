package dev.labhand.discord;

import dev.labhand.chat.Reply;
import dev.labhand.i18n.Messages;
import dev.labhand.tool.Caller.Lang;
import java.awt.Color;
import java.util.EnumSet;
import java.util.List;
import java.util.regex.Pattern;
import net.dv8tion.jda.api.EmbedBuilder;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.MessageEmbed;

/**
 * A {@link Reply} as Discord shows it: an embed coloured by outcome, the equivalent command in a code
 * block (teaching mode), and [Confirm] [Cancel] buttons when the reply asks for a confirmation. The
 * buttons' custom ids hold only the code; what it confirms stays in SQLite.
 *
 * <p>Replies echo what members typed (a bad argument, a workspace or host name, a Discord display name), so
 * every text the bot sends passes through {@link #inert}: {@code @everyone}, {@code @here} and
 * {@code <@id>} / {@code <@!id>} / {@code <@&role>} get a zero-width joiner after the {@code @} and no
 * longer mention anyone, whatever the message's allowed mentions say (they are empty anyway:
 * {@link #NO_MENTIONS}).
 */
final class ReplyRenderer {
    static final String CONFIRM = "lh:confirm:";
    static final String CANCEL = "lh:cancel:";
    private static final int EMBED_LIMIT = 4000;
    private static final int MESSAGE_LIMIT = 1900;
    /** The allowed mentions of every message the bot sends: none (set as JDA's default at start, and on edits). */
    static final EnumSet<Message.MentionType> NO_MENTIONS = EnumSet.noneOf(Message.MentionType.class);
    private static final Pattern EVERYONE = Pattern.compile("@(everyone|here)");
    private static final Pattern MENTION = Pattern.compile("<@([!&]?[0-9]+)>");
    private static final String ZWJ = "\u200D";

    MessageEmbed embed(Reply r) {
        EmbedBuilder embed = new EmbedBuilder().setColor(colour(r.kind())).setDescription(body(r, EMBED_LIMIT));
        // an attached picture (a chart) is shown inside the embed
        if (r.attachment() != null && r.attachment().fileName().endsWith(".png")) {
            embed.setImage("attachment://" + r.attachment().fileName());
        }
        return embed.build();
    }

    /** The reply's file (a chart) as an upload, or none. */
    List<net.dv8tion.jda.api.utils.FileUpload> files(Reply r) {
        if (r.attachment() == null) return List.of();
        return List.of(net.dv8tion.jda.api.utils.FileUpload.fromData(r.attachment().bytes(), r.attachment().fileName()));
    }

    /** Plain text for an ordinary channel message or a DM. */
    String text(Reply r) {
        return body(r, MESSAGE_LIMIT);
    }

    List<ActionRow> buttons(Reply r, Lang lang, boolean disabled) {
        if (r.confirmationCode() == null) return List.of();
        return List.of(confirmRow(r.confirmationCode(), lang, disabled));
    }

    static ActionRow confirmRow(String code, Lang lang, boolean disabled) {
        ActionRow row = ActionRow.of(
                Button.danger(CONFIRM + code, Messages.get(lang, "discord.button.confirm")),
                Button.secondary(CANCEL + code, Messages.get(lang, "discord.button.cancel")));
        return disabled ? row.asDisabled() : row;
    }

    /** {@code text} unable to mention anyone: a zero-width joiner after the {@code @} of every mention. */
    static String inert(String text) {
        if (text == null || text.indexOf('@') < 0) return text;
        String out = EVERYONE.matcher(text).replaceAll("@" + ZWJ + "$1");
        return MENTION.matcher(out).replaceAll("<@" + ZWJ + "$1>");
    }

    private static String body(Reply r, int limit) {
        String command = r.command() == null ? "" : "\n```bash\n$ " + inert(r.command()) + "\n```";
        String text = inert(r.text());
        if (text.length() + command.length() > limit) {
            int room = Math.max(0, limit - command.length() - 1);
            text = text.length() > room ? text.substring(0, room) + "…" : text;
            if (text.length() + command.length() > limit) command = "";
        }
        return text + command;
    }

    private static Color colour(String kind) {
        return switch (kind) {
            case "done" -> new Color(0x2E7D32);
            case "confirm" -> new Color(0xF9A825);
            case "denied", "failed" -> new Color(0xC62828);
            case "invalid" -> new Color(0xEF6C00);
            default -> new Color(0x1565C0);
        };
    }
}
