package dev.labhand.discord;

import dev.labhand.i18n.Messages;
import dev.labhand.tool.Caller.Lang;
import java.util.List;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.interactions.DiscordLocale;
import net.dv8tion.jda.api.interactions.InteractionContextType;
import net.dv8tion.jda.api.interactions.commands.DefaultMemberPermissions;
import net.dv8tion.jda.api.interactions.commands.build.CommandData;
import net.dv8tion.jda.api.interactions.commands.build.Commands;

/**
 * The instructor's desk in Discord's "Apps" menus: "Diagnose &amp; draft" on a message and "Show workspaces &amp;
 * hosts" on a member, named in English with Korean localizations, in guilds only, and hidden from members
 * without Manage Server. The gateway still checks the role of whoever uses them ({@code desk.draft},
 * {@code desk.member} are for instructors) and audits every use.
 */
public final class ContextMenus {
    /** The English names Discord sends back in the interaction, whatever the client's language. */
    static final String DRAFT = Messages.get(Lang.EN, "discord.menu.draft");
    static final String MEMBER = Messages.get(Lang.EN, "discord.menu.member");

    private ContextMenus() {}

    public static List<CommandData> commands() {
        return List.of(menu(Commands.message(DRAFT), "discord.menu.draft"),
                menu(Commands.user(MEMBER), "discord.menu.member"));
    }

    private static CommandData menu(CommandData data, String key) {
        return data.setNameLocalization(DiscordLocale.KOREAN, Messages.get(Lang.KO, key))
                .setContexts(InteractionContextType.GUILD)
                .setDefaultPermissions(DefaultMemberPermissions.enabledFor(Permission.MANAGE_SERVER));
    }
}
