package dev.labhand.discord;

import dev.labhand.chat.Reply;
import dev.labhand.i18n.Messages;
import dev.labhand.tool.Caller.Lang;
import java.awt.Color;
import java.util.List;
import net.dv8tion.jda.api.EmbedBuilder;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.entities.MessageEmbed;

/**
 * A {@link Reply} as Discord shows it: an embed coloured by outcome, the equivalent command in a code
 * block (teaching mode), and [Confirm] [Cancel] buttons when the reply asks for a confirmation. The
 * buttons' custom ids hold only the code; what it confirms stays in SQLite.
 */
final class ReplyRenderer {
    static final String CONFIRM = "lh:confirm:";
    static final String CANCEL = "lh:cancel:";
    private static final int EMBED_LIMIT = 4000;
    private static final int MESSAGE_LIMIT = 1900;

    MessageEmbed embed(Reply r) {
        return new EmbedBuilder().setColor(colour(r.kind())).setDescription(body(r, EMBED_LIMIT)).build();
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

    private static String body(Reply r, int limit) {
        String command = r.command() == null ? "" : "\n```bash\n$ " + r.command() + "\n```";
        String text = r.text();
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
