package dev.labhand.discord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labhand.i18n.Messages;
import dev.labhand.tool.Caller.Lang;
import dev.labhand.tool.Param;
import dev.labhand.tool.Role;
import dev.labhand.tool.Tool;
import dev.labhand.tool.ToolCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.interactions.DiscordLocale;
import net.dv8tion.jda.api.interactions.commands.Command;
import net.dv8tion.jda.api.interactions.commands.DefaultMemberPermissions;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.OptionData;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;
import net.dv8tion.jda.api.interactions.commands.build.SubcommandData;
import net.dv8tion.jda.api.interactions.commands.build.SubcommandGroupData;
import net.dv8tion.jda.api.utils.data.SerializableData;

/**
 * Slash commands generated from the tool catalog, shaped so that no number of tools can break one of
 * Discord's limits. Each area is a command ({@code /workspace}); a tool is a subcommand
 * ({@code /workspace create}), or, when it declares a {@link Tool#group() group}, a subcommand in that
 * group ({@code /diag gpu smi}); a one-tool area whose tool needs arguments is the command itself
 * ({@code /ask question:}). A group holding more than 25 tools continues in {@code gpu-2}, {@code gpu-3};
 * an area whose subcommands and groups exceed 25, or 8000 characters, continues in {@code /diag-2}.
 * Whatever still breaks a rule (a name too long, a 26th parameter, a 101st command) is left out and
 * reported, never sent. Names and descriptions come in English with Korean localizations from the
 * message bundles. Adding a tool adds its subcommand; there is no Discord code per tool.
 */
public final class DiscordCommands {
    public static final String HELP = "help";
    public static final String CONFIRM = "confirm";
    public static final String CANCEL = "cancel";
    /** The option of /help naming an area, and the option of /confirm and /cancel holding the code. */
    public static final String AREA = "area";
    public static final String CODE = "code";

    // Discord's limits on application commands
    static final int MAX_COMMANDS = 100;
    static final int MAX_OPTIONS = 25;
    static final int MAX_CHOICES = 25;
    static final int MAX_NAME = 32;
    static final int MAX_DESCRIPTION = 100;
    static final int MAX_COMMAND_CHARS = 8000;
    /** Discord's rule for command, group, subcommand and option names (lower case, too). */
    static final Pattern NAME = Pattern.compile("[-_\\p{L}\\p{N}\\p{sc=Deva}\\p{sc=Thai}]{1,32}");

    private static final ObjectMapper JSON = new ObjectMapper();

    private DiscordCommands() {}

    /** A command (or a tool's part of one) left out before sending, or refused by Discord, and why. */
    public record Refusal(String command, String reason) {}

    /**
     * The generated commands, what was left out, and how an interaction's (command, group, subcommand)
     * leads back to a tool.
     */
    public static final class Generated {
        private final List<SlashCommandData> commands;
        private final Map<String, String> routes;
        private final List<Refusal> refused;

        Generated(List<SlashCommandData> commands, Map<String, String> routes, List<Refusal> refused) {
            this.commands = List.copyOf(commands);
            this.routes = Map.copyOf(routes);
            this.refused = List.copyOf(refused);
        }

        public List<SlashCommandData> commands() {
            return commands;
        }

        /** Left out locally: they would have broken one of Discord's rules. */
        public List<Refusal> refused() {
            return refused;
        }

        /** The tool an interaction names; group and subcommand may be null. Empty for help, confirm, cancel. */
        public Optional<String> tool(String command, String group, String subcommand) {
            return Optional.ofNullable(routes.get(route(command, group, subcommand)));
        }

        /** The slash command that leads to a tool as registered ({@code /diag-2 many-2 t30}), or empty. */
        public Optional<String> command(String tool) {
            return routes.entrySet().stream().filter(r -> r.getValue().equals(tool)).findFirst()
                    .map(r -> "/" + String.join(" ", java.util.Arrays.stream(r.getKey().split("/", -1))
                            .filter(w -> !w.isEmpty()).toList()));
        }

        /** Every (command group subcommand) that leads to a tool, for tests and logs. */
        public Map<String, String> routes() {
            return routes;
        }
    }

    public static Generated from(ToolCatalog catalog) {
        Map<String, List<Tool>> byArea = new LinkedHashMap<>();
        for (Tool t : catalog.all()) byArea.computeIfAbsent(t.spec().area(), a -> new ArrayList<>()).add(t);
        List<SlashCommandData> out = new ArrayList<>();
        Map<String, String> routes = new HashMap<>();
        List<Refusal> refused = new ArrayList<>();
        byArea.forEach((area, tools) -> area(area, tools, out, routes, refused));
        out.add(help(new ArrayList<>(byArea.keySet())));
        out.add(codeCommand(CONFIRM));
        out.add(codeCommand(CANCEL));
        List<SlashCommandData> valid = new ArrayList<>();
        for (SlashCommandData c : out) {
            List<String> problems = problems(json(c));
            if (!problems.isEmpty()) {
                refused.add(new Refusal("/" + c.getName(), String.join("; ", problems)));
            } else if (valid.stream().anyMatch(v -> v.getName().equals(c.getName()))) {
                refused.add(new Refusal("/" + c.getName(), "another command already has this name"));
            } else if (valid.size() == MAX_COMMANDS) {
                refused.add(new Refusal("/" + c.getName(), "Discord allows at most " + MAX_COMMANDS + " commands"));
            } else {
                valid.add(c);
                continue;
            }
            routes.keySet().removeIf(k -> k.startsWith(c.getName() + "/"));
        }
        return new Generated(valid, routes, refused);
    }

    // ---- areas ----

    /** A subcommand or a group of them, ready to go into a command, with the tools it leads to. */
    private record Entry(String name, SerializableData data, Map<String, String> routes, Role least, int chars) {}

    private static void area(String area, List<Tool> tools, List<SlashCommandData> out, Map<String, String> routes,
                             List<Refusal> refused) {
        Tool only = tools.get(0);
        if (tools.size() == 1 && only.group() == null && only.spec().params().stream().anyMatch(Param::required)) {
            // a one-tool area is the command itself: /ask question:...
            try {
                SlashCommandData cmd = named(Commands.slash(area, clip(only.description(Lang.EN), area)), "discord.name." + area)
                        .setDescriptionLocalization(DiscordLocale.KOREAN, clip(only.description(Lang.KO), area));
                cmd.addOptions(options(only));
                cmd.setDefaultPermissions(permissions(only.spec().minRole()));
                out.add(cmd);
                routes.put(route(area, null, null), only.spec().name());
            } catch (IllegalArgumentException e) {
                refused.add(new Refusal(only.slashCommand(), e.getMessage()));
            }
            return;
        }
        List<Entry> entries = new ArrayList<>();
        Map<String, List<Tool>> groups = new LinkedHashMap<>();
        for (Tool tool : tools) {
            List<String> words = tool.commandWords();
            if (words.size() == 3) {
                groups.computeIfAbsent(words.get(1), g -> new ArrayList<>()).add(tool);
                if (groups.get(words.get(1)).size() == 1) entries.add(null); // keeps the group's place in the order
                continue;
            }
            try {
                SubcommandData sub = subcommand(tool, words.get(1));
                entries.add(new Entry(sub.getName(), sub, Map.of(route(null, sub.getName()), tool.spec().name()),
                        tool.spec().minRole(), chars(sub)));
            } catch (IllegalArgumentException e) {
                refused.add(new Refusal(tool.slashCommand(), e.getMessage()));
            }
        }
        // each group takes the place of its first tool; a large one continues as group-2, group-3
        List<Entry> placed = new ArrayList<>();
        var groupsInOrder = groups.entrySet().iterator();
        for (Entry e : entries) {
            if (e != null) {
                placed.add(e);
            } else {
                var g = groupsInOrder.next();
                placed.addAll(groupEntries(area, g.getKey(), g.getValue(), refused));
            }
        }
        pack(area, placed, out, routes, refused);
    }

    private static List<Entry> groupEntries(String area, String group, List<Tool> tools, List<Refusal> refused) {
        List<SubcommandData> subs = new ArrayList<>();
        List<Tool> subTools = new ArrayList<>();
        for (Tool tool : tools) {
            try {
                subs.add(subcommand(tool, tool.commandWords().get(2)));
                subTools.add(tool);
            } catch (IllegalArgumentException e) {
                refused.add(new Refusal(tool.slashCommand(), e.getMessage()));
            }
        }
        // room for the subcommands of one group: what a command holds besides its own name and description
        int budget = MAX_COMMAND_CHARS - 2 * MAX_DESCRIPTION - 2 * MAX_NAME - MAX_DESCRIPTION - MAX_NAME;
        List<Entry> out = new ArrayList<>();
        int from = 0;
        while (from < subs.size()) {
            int to = from;
            int size = 0;
            while (to < subs.size() && to - from < MAX_OPTIONS && size + chars(subs.get(to)) <= budget) {
                size += chars(subs.get(to));
                to++;
            }
            if (to == from) to = from + 1; // one subcommand alone too large: the final check reports it
            String suffix = out.isEmpty() ? "" : "-" + (out.size() + 1);
            String name = group + suffix;
            try {
                Tool first = subTools.get(from);
                SubcommandGroupData data = new SubcommandGroupData(name, clip(first.groupDescription(Lang.EN), name))
                        .setDescriptionLocalization(DiscordLocale.KOREAN, clip(first.groupDescription(Lang.KO), name));
                localName("discord.name." + area + "." + group).ifPresent(ko -> localize(data, ko + suffix));
                data.addSubcommands(subs.subList(from, to));
                Map<String, String> routes = new HashMap<>();
                Role least = Role.ADMIN;
                for (int i = from; i < to; i++) {
                    routes.put(route(name, subs.get(i).getName()), subTools.get(i).spec().name());
                    least = min(least, subTools.get(i).spec().minRole());
                }
                out.add(new Entry(name, data, routes, least, chars(data)));
            } catch (IllegalArgumentException e) {
                for (int i = from; i < to; i++) refused.add(new Refusal(subTools.get(i).slashCommand(), e.getMessage()));
            }
            from = to;
        }
        return out;
    }

    /** Puts entries into /area, then /area-2, ..., each with at most 25 entries and 8000 characters. */
    private static void pack(String area, List<Entry> entries, List<SlashCommandData> out, Map<String, String> routes,
                             List<Refusal> refused) {
        List<List<Entry>> commands = new ArrayList<>();
        int base = MAX_NAME + MAX_DESCRIPTION;
        int size = 0;
        for (Entry e : entries) {
            List<Entry> current = commands.isEmpty() ? null : commands.get(commands.size() - 1);
            if (current == null || current.size() == MAX_OPTIONS || size + e.chars() > MAX_COMMAND_CHARS - base) {
                commands.add(current = new ArrayList<>());
                size = 0;
            }
            current.add(e);
            size += e.chars();
        }
        for (int i = 0; i < commands.size(); i++) {
            String suffix = i == 0 ? "" : "-" + (i + 1);
            String name = area + suffix;
            List<Entry> inCommand = commands.get(i);
            try {
                String key = "discord.area." + area;
                SlashCommandData cmd = Commands.slash(name, clip(text(Lang.EN, key), name))
                        .setDescriptionLocalization(DiscordLocale.KOREAN, clip(text(Lang.KO, key), name));
                localName("discord.name." + area).ifPresent(ko -> cmd.setNameLocalization(DiscordLocale.KOREAN, ko + suffix));
                Role least = Role.ADMIN;
                for (Entry e : inCommand) {
                    if (e.data() instanceof SubcommandData sub) cmd.addSubcommands(sub);
                    else cmd.addSubcommandGroups((SubcommandGroupData) e.data());
                    e.routes().forEach((k, tool) -> routes.put(name + "/" + k, tool));
                    least = min(least, e.least());
                }
                cmd.setDefaultPermissions(permissions(least));
                out.add(cmd);
            } catch (IllegalArgumentException e) {
                for (Entry entry : inCommand) {
                    entry.routes().values().forEach(tool -> refused.add(new Refusal(tool, e.getMessage())));
                }
            }
        }
    }

    private static SubcommandData subcommand(Tool tool, String name) {
        SubcommandData sub = new SubcommandData(name, clip(tool.description(Lang.EN), name))
                .setDescriptionLocalization(DiscordLocale.KOREAN, clip(tool.description(Lang.KO), name));
        localName("discord.name." + tool.spec().name()).ifPresent(ko -> sub.setNameLocalization(DiscordLocale.KOREAN, ko));
        if (tool.spec().params().size() > MAX_OPTIONS) {
            throw new IllegalArgumentException("it has " + tool.spec().params().size() + " parameters; Discord allows "
                    + MAX_OPTIONS);
        }
        sub.addOptions(options(tool));
        return sub;
    }

    /** Discord wants required options first; the order of the rest is the declared one. */
    private static List<OptionData> options(Tool tool) {
        List<OptionData> out = new ArrayList<>();
        tool.spec().params().stream().sorted(Comparator.comparing(p -> !p.required()))
                .forEach(p -> out.add(option(tool, p)));
        return out;
    }

    private static OptionData option(Tool tool, Param p) {
        OptionType type = switch (p.type()) {
            case INTEGER -> OptionType.INTEGER;
            case BOOLEAN -> OptionType.BOOLEAN;
            case STRING, CHOICE -> OptionType.STRING;
        };
        // more choices than Discord lists are offered while typing instead (Suggestions serves a parameter's choices)
        boolean manyChoices = p.type() == Param.Type.CHOICE && p.choices().size() > MAX_CHOICES;
        OptionData o = new OptionData(type, p.name(), clip(tool.paramDescription(Lang.EN, p.name()), p.name()),
                p.required(), p.suggested() || manyChoices)
                .setDescriptionLocalization(DiscordLocale.KOREAN, clip(tool.paramDescription(Lang.KO, p.name()), p.name()));
        localName("discord.name.option." + p.name()).ifPresent(ko -> o.setNameLocalization(DiscordLocale.KOREAN, ko));
        if (p.type() == Param.Type.INTEGER) {
            long lowest = (long) OptionData.MIN_NEGATIVE_NUMBER;
            long highest = (long) OptionData.MAX_POSITIVE_NUMBER;
            o.setRequiredRange(Math.max(lowest, p.min()), Math.min(highest, p.max()));
        } else if (p.type() == Param.Type.CHOICE && !o.isAutoComplete()) {
            p.choices().forEach(c -> o.addChoice(c, c));
        } else if (type == OptionType.STRING) {
            o.setMaxLength(Math.min(OptionData.MAX_STRING_OPTION_LENGTH, p.maxLength()));
        }
        return o;
    }

    // ---- the commands that are not tools ----

    /** /help [area:] with the areas as choices (offered while typing when there are more than Discord lists). */
    private static SlashCommandData help(List<String> areas) {
        SlashCommandData cmd = named(Commands.slash(HELP, text(Lang.EN, "discord.help")), "discord.name.help")
                .setDescriptionLocalization(DiscordLocale.KOREAN, text(Lang.KO, "discord.help"));
        OptionData area = new OptionData(OptionType.STRING, AREA, text(Lang.EN, "discord.option.help.area"), false,
                areas.size() > MAX_CHOICES)
                .setDescriptionLocalization(DiscordLocale.KOREAN, text(Lang.KO, "discord.option.help.area"));
        localName("discord.name.option." + AREA).ifPresent(ko -> area.setNameLocalization(DiscordLocale.KOREAN, ko));
        if (areas.size() <= MAX_CHOICES) {
            for (String a : areas) {
                Command.Choice choice = new Command.Choice(a, a);
                localName("discord.name." + a).ifPresent(ko -> choice.setNameLocalization(DiscordLocale.KOREAN, ko));
                area.addChoices(choice);
            }
        } else {
            area.setMaxLength(MAX_NAME);
        }
        return cmd.addOptions(area).setDefaultPermissions(DefaultMemberPermissions.ENABLED);
    }

    /** /confirm code: and /cancel code:, the same path as the buttons. */
    private static SlashCommandData codeCommand(String name) {
        SlashCommandData cmd = named(Commands.slash(name, text(Lang.EN, "discord." + name)), "discord.name." + name)
                .setDescriptionLocalization(DiscordLocale.KOREAN, text(Lang.KO, "discord." + name));
        OptionData code = new OptionData(OptionType.STRING, CODE, text(Lang.EN, "discord.option.code"), true)
                .setDescriptionLocalization(DiscordLocale.KOREAN, text(Lang.KO, "discord.option.code"))
                .setMaxLength(16);
        localName("discord.name.option." + CODE).ifPresent(ko -> code.setNameLocalization(DiscordLocale.KOREAN, ko));
        return cmd.addOptions(code).setDefaultPermissions(DefaultMemberPermissions.ENABLED);
    }

    // ---- Discord's rules, checked before anything is sent ----

    /**
     * What in one command (as JSON, the way it is sent) breaks one of Discord's rules: names, descriptions,
     * how many options and choices, and the 8000 characters of names, descriptions and choice values a command
     * may hold in all (for a localized field its longest version counts).
     */
    static List<String> problems(JsonNode command) {
        List<String> out = new ArrayList<>();
        check(command, "/" + command.path("name").asText(), out);
        int size = size(command);
        if (size > MAX_COMMAND_CHARS) out.add("it holds " + size + " characters; Discord allows " + MAX_COMMAND_CHARS);
        return out;
    }

    private static void check(JsonNode n, String where, List<String> out) {
        String name = n.path("name").asText("");
        if (!NAME.matcher(name).matches() || !name.equals(name.toLowerCase(Locale.ROOT))) {
            out.add(where + ": name '" + name + "' is not a valid command name");
        }
        for (JsonNode ko : n.path("name_localizations")) {
            String local = ko.asText();
            if (!NAME.matcher(local).matches() || !local.equals(local.toLowerCase(Locale.ROOT))) {
                out.add(where + ": localized name '" + local + "' is not a valid command name");
            }
        }
        String description = n.path("description").asText("");
        if (description.isEmpty() || description.length() > MAX_DESCRIPTION) out.add(where + ": description length");
        for (JsonNode d : n.path("description_localizations")) {
            if (d.asText().isEmpty() || d.asText().length() > MAX_DESCRIPTION) out.add(where + ": localized description length");
        }
        if (n.path("options").size() > MAX_OPTIONS) out.add(where + ": more than " + MAX_OPTIONS + " options");
        if (n.path("choices").size() > MAX_CHOICES) out.add(where + ": more than " + MAX_CHOICES + " choices");
        java.util.Set<String> names = new java.util.HashSet<>();
        java.util.Set<String> localNames = new java.util.HashSet<>();
        for (JsonNode o : n.path("options")) {
            if (!names.add(o.path("name").asText())) out.add(where + ": two options named " + o.path("name").asText());
            String ko = o.path("name_localizations").path("ko").asText("");
            if (!ko.isEmpty() && !localNames.add(ko)) out.add(where + ": two options with the Korean name " + ko);
            check(o, where + " " + o.path("name").asText(), out);
        }
    }

    /** Discord's measure of a command: names, descriptions, choice names and values; a localized field counts its longest version. */
    static int size(JsonNode n) {
        int total = longest(n, "name") + longest(n, "description");
        if (n.has("value")) total += n.get("value").asText().length();
        for (JsonNode o : n.path("options")) total += size(o);
        for (JsonNode c : n.path("choices")) total += size(c);
        return total;
    }

    private static int longest(JsonNode n, String field) {
        int max = n.path(field).asText("").length();
        for (JsonNode l : n.path(field + "_localizations")) max = Math.max(max, l.asText().length());
        return max;
    }

    static JsonNode json(SerializableData data) {
        try {
            return JSON.readTree(data.toData().toJson());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int chars(SerializableData data) {
        return size(json(data));
    }

    // ---- helpers ----

    static String route(String command, String group, String subcommand) {
        return command + "/" + route(group, subcommand);
    }

    private static String route(String group, String subcommand) {
        return (group == null ? "" : group) + "/" + (subcommand == null ? "" : subcommand);
    }

    private static SlashCommandData named(SlashCommandData cmd, String koKey) {
        localName(koKey).ifPresent(ko -> cmd.setNameLocalization(DiscordLocale.KOREAN, ko));
        return cmd;
    }

    private static void localize(SubcommandGroupData group, String ko) {
        group.setNameLocalization(DiscordLocale.KOREAN, ko);
    }

    private static Optional<String> localName(String key) {
        return Messages.has(Lang.KO, key) ? Optional.of(Messages.get(Lang.KO, key)) : Optional.empty();
    }

    private static DefaultMemberPermissions permissions(Role least) {
        return least == Role.LEARNER ? DefaultMemberPermissions.ENABLED
                : DefaultMemberPermissions.enabledFor(Permission.MANAGE_SERVER);
    }

    private static Role min(Role a, Role b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** A message, never its raw key: a missing one falls back to nothing (and the tests fail on it). */
    private static String text(Lang lang, String key) {
        String last = key.substring(key.lastIndexOf('.') + 1);
        return Messages.has(lang, key) ? clip(Messages.get(lang, key), last) : last;
    }

    /** Discord allows 1 to 100 characters in a description; an empty one becomes the name. */
    private static String clip(String t, String name) {
        if (t == null || t.isBlank() || t.startsWith("tool.") || t.startsWith("param.") || t.startsWith("discord.")
                || t.startsWith("group.")) {
            t = name;
        }
        return t.length() <= MAX_DESCRIPTION ? t : t.substring(0, MAX_DESCRIPTION - 1) + "…";
    }
}
