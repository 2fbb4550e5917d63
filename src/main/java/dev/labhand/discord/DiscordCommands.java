package dev.labhand.discord;

import dev.labhand.i18n.Messages;
import dev.labhand.tool.Caller.Lang;
import dev.labhand.tool.Param;
import dev.labhand.tool.Role;
import dev.labhand.tool.Tool;
import dev.labhand.tool.ToolCatalog;
import dev.labhand.tool.ToolSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.interactions.DiscordLocale;
import net.dv8tion.jda.api.interactions.commands.DefaultMemberPermissions;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.OptionData;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;
import net.dv8tion.jda.api.interactions.commands.build.SubcommandData;

/**
 * Slash commands generated from the tool catalog: one top-level command per area, one subcommand per
 * tool, one option per parameter, with Korean localizations from the message bundles. An area whose
 * every tool needs an instructor is hidden from members without Manage Server (the gateway still
 * checks the role on every call). Adding a tool adds its subcommand; there is no Discord code per tool.
 */
public final class DiscordCommands {
    public static final String HELP = "help";

    private DiscordCommands() {}

    public static List<SlashCommandData> from(ToolCatalog catalog) {
        Map<String, List<Tool>> byArea = new LinkedHashMap<>();
        for (Tool t : catalog.all()) byArea.computeIfAbsent(t.spec().area(), a -> new ArrayList<>()).add(t);
        List<SlashCommandData> out = new ArrayList<>();
        byArea.forEach((area, specs) -> out.add(area(area, specs)));
        out.add(Commands.slash(HELP, text(Lang.EN, "discord.help"))
                .setDescriptionLocalization(DiscordLocale.KOREAN, text(Lang.KO, "discord.help")));
        return out;
    }

    private static SlashCommandData area(String area, List<Tool> tools) {
        SlashCommandData cmd = Commands.slash(area, text(Lang.EN, "discord.area." + area))
                .setDescriptionLocalization(DiscordLocale.KOREAN, text(Lang.KO, "discord.area." + area));
        localName(area).forEach(n -> cmd.setNameLocalization(DiscordLocale.KOREAN, n));
        Role least = tools.stream().map(t -> t.spec().minRole()).min(Enum::compareTo).orElse(Role.LEARNER);
        cmd.setDefaultPermissions(least == Role.LEARNER ? DefaultMemberPermissions.ENABLED
                : DefaultMemberPermissions.enabledFor(Permission.MANAGE_SERVER));
        if (tools.size() == 1 && tools.get(0).spec().params().stream().anyMatch(Param::required)) {
            // a one-tool area is the command itself: /ask question:...
            Tool only = tools.get(0);
            for (Param p : only.spec().params()) cmd.addOptions(option(only, p));
            return cmd;
        }
        for (Tool tool : tools) {
            ToolSpec spec = tool.spec();
            SubcommandData sub = new SubcommandData(spec.verb(), clip(tool.description(Lang.EN)))
                    .setDescriptionLocalization(DiscordLocale.KOREAN, clip(tool.description(Lang.KO)));
            localName(area + "." + spec.verb()).forEach(n -> sub.setNameLocalization(DiscordLocale.KOREAN, n));
            for (Param p : spec.params()) sub.addOptions(option(tool, p));
            cmd.addSubcommands(sub);
        }
        return cmd;
    }

    private static OptionData option(Tool tool, Param p) {
        OptionType type = switch (p.type()) {
            case INTEGER -> OptionType.INTEGER;
            case BOOLEAN -> OptionType.BOOLEAN;
            case STRING, CHOICE -> OptionType.STRING;
        };
        OptionData o = new OptionData(type, p.name(), clip(tool.paramDescription(Lang.EN, p.name())), p.required(),
                p.suggested()).setDescriptionLocalization(DiscordLocale.KOREAN, clip(tool.paramDescription(Lang.KO, p.name())));
        localName("option." + p.name()).forEach(n -> o.setNameLocalization(DiscordLocale.KOREAN, n));
        if (p.type() == Param.Type.INTEGER) o.setRequiredRange(p.min(), p.max());
        if (p.type() == Param.Type.CHOICE && !p.suggested()) {
            p.choices().stream().limit(25).forEach(c -> o.addChoice(c, c));
        }
        return o;
    }

    private static List<String> localName(String key) {
        String k = "discord.name." + key;
        return Messages.has(Lang.KO, k) ? List.of(Messages.get(Lang.KO, k)) : List.of();
    }

    private static String text(Lang lang, String key) {
        return clip(Messages.get(lang, key));
    }

    /** Discord allows at most 100 characters in a description. */
    private static String clip(String t) {
        return t.length() <= 100 ? t : t.substring(0, 99) + "…";
    }
}
