package dev.labhand.chat;

import dev.labhand.i18n.Messages;
import dev.labhand.store.MemberRepository;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Caller.Lang;
import dev.labhand.tool.Origin;
import dev.labhand.tool.Outcome;
import dev.labhand.tool.Progress;
import dev.labhand.tool.Tool;
import dev.labhand.tool.ToolGateway;

/**
 * Turns one line from any front end into one {@link Reply}: slash commands go to the gateway, codes
 * to {@code confirm}/{@code cancel}, anything else gets help (until the language layer exists).
 */
public final class ChatService {
    private final ToolGateway gateway;
    private final MemberRepository members;
    private volatile LanguageLayer language;

    public ChatService(ToolGateway gateway, MemberRepository members) {
        this.gateway = gateway;
        this.members = members;
    }

    /** Plain sentences go here once a language layer exists; until then they get help. */
    public void useLanguageLayer(LanguageLayer layer) {
        this.language = layer;
    }

    public Reply handle(Caller caller, String line, Origin origin, Progress progress) {
        members.seen(caller);
        Lang lang = caller.locale();
        SlashGrammar.Command command = SlashGrammar.parse(line, tool -> gateway.catalog().find(tool).isPresent());
        if (command instanceof SlashGrammar.ToolCall call) {
            return render(gateway.invoke(caller, call.tool(), call.args(), origin, progress))
                    .personal(answersPrivately(call.tool()));
        } else if (command instanceof SlashGrammar.Confirm c) {
            return render(gateway.confirm(caller, c.code(), origin, progress));
        } else if (command instanceof SlashGrammar.Cancel c) {
            return render(gateway.cancel(caller, c.code(), origin));
        } else if (command instanceof SlashGrammar.Malformed m) {
            return Reply.of("invalid", Messages.get(lang, m.key(), "detail", m.detail()) + "\n" + help(caller));
        } else if (command instanceof SlashGrammar.Forget) {
            if (language != null) language.forget(caller);
            return Reply.of("done", Messages.get(lang, "chat.forgot"));
        } else if (command instanceof SlashGrammar.Plain p && !p.text().isEmpty()) {
            if (language != null) return language.answer(caller, p.text(), origin, progress);
            return Reply.of("help", Messages.get(lang, "chat.plain") + "\n" + help(caller));
        }
        return Reply.of("help", help(caller));
    }

    /** One tool call from a structured front end (Discord options, buttons): the member is recorded first. */
    public Reply run(Caller caller, String tool, java.util.Map<String, String> args, Origin origin, Progress progress) {
        members.seen(caller);
        return render(gateway.invoke(caller, tool, args, origin, progress)).personal(answersPrivately(tool));
    }

    public Reply confirm(Caller caller, String code, Origin origin, Progress progress) {
        members.seen(caller);
        return render(gateway.confirm(caller, code, origin, progress));
    }

    public Reply cancel(Caller caller, String code, Origin origin) {
        members.seen(caller);
        return render(gateway.cancel(caller, code, origin));
    }

    /** True when the tool's answers must only be shown to the caller; unknown tools count as private. */
    public boolean answersPrivately(String tool) {
        return gateway.catalog().find(tool).map(t -> t.spec().privateReply()).orElse(true);
    }

    public ToolGateway gateway() {
        return gateway;
    }

    /** The commands this caller may use, with their arguments and descriptions. */
    public String help(Caller caller) {
        Lang lang = caller.locale();
        StringBuilder sb = new StringBuilder(Messages.get(lang, "help.header"));
        for (Tool tool : gateway.catalog().all()) {
            if (!caller.role().atLeast(tool.spec().minRole())) continue;
            sb.append("\n  ").append(entry(tool, lang));
        }
        sb.append("\n").append(Messages.get(lang, "help.footer"));
        return sb.toString();
    }

    /** The areas (top-level commands) this caller may use, in catalog order. */
    public java.util.List<String> helpAreas(Caller caller) {
        return usable(caller).keySet().stream().toList();
    }

    /**
     * Help in pages of at most {@code maxChars} characters, each ending with the confirm/cancel footer, for a
     * front end that cannot show the whole list at once (a Discord embed). Without an area (or with one the
     * caller cannot use): one page naming each area and what it is for; with an area: its commands.
     */
    public java.util.List<String> helpPages(Caller caller, String area, int maxChars) {
        return helpPages(caller, area, maxChars, Tool::slashCommand);
    }

    /** As {@link #helpPages(Caller, String, int)}, with each tool's command as the front end spells it. */
    public java.util.List<String> helpPages(Caller caller, String area, int maxChars,
                                            java.util.function.Function<Tool, String> commandOf) {
        Lang lang = caller.locale();
        var byArea = usable(caller);
        String footer = "\n" + Messages.get(lang, "help.footer");
        java.util.List<Tool> tools = area == null ? null : byArea.get(area);
        if (tools == null) {
            StringBuilder sb = new StringBuilder(Messages.get(lang, "help.index.header"));
            byArea.forEach((name, inArea) -> sb.append("\n  /").append(name).append(" (").append(inArea.size())
                    .append(") ").append(areaDescription(lang, name, inArea)));
            return java.util.List.of(clip(sb.toString(), maxChars - footer.length()) + footer);
        }
        java.util.List<String> entries = tools.stream()
                .map(t -> "\n  " + Usage.of(t, commandOf.apply(t)) + "\n      " + t.description(lang)).toList();
        // the header carries "(page/pages)": leave room for the widest numbers
        int room = maxChars - footer.length() - Messages.get(lang, "help.area.header", "area", area, "page", 999, "pages", 999).length();
        java.util.List<StringBuilder> pages = new java.util.ArrayList<>();
        for (String e : entries) {
            String piece = clip(e, room);
            if (pages.isEmpty() || pages.get(pages.size() - 1).length() + piece.length() > room) pages.add(new StringBuilder());
            pages.get(pages.size() - 1).append(piece);
        }
        java.util.List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < pages.size(); i++) {
            out.add(Messages.get(lang, "help.area.header", "area", area, "page", i + 1, "pages", pages.size())
                    + pages.get(i) + footer);
        }
        return out;
    }

    /** What an area is for: its own sentence, or its only tool's description. */
    private static String areaDescription(Lang lang, String area, java.util.List<Tool> tools) {
        String key = "discord.area." + area;
        return Messages.has(lang, key) ? Messages.get(lang, key) : tools.get(0).description(lang);
    }

    private java.util.Map<String, java.util.List<Tool>> usable(Caller caller) {
        java.util.Map<String, java.util.List<Tool>> byArea = new java.util.LinkedHashMap<>();
        for (Tool tool : gateway.catalog().all()) {
            if (!caller.role().atLeast(tool.spec().minRole())) continue;
            byArea.computeIfAbsent(tool.spec().area(), a -> new java.util.ArrayList<>()).add(tool);
        }
        return byArea;
    }

    private static String entry(Tool tool, Lang lang) {
        return Usage.of(tool) + "\n      " + tool.description(lang);
    }

    private static String clip(String text, int max) {
        return text.length() <= max ? text : text.substring(0, Math.max(0, max - 1)) + "…";
    }

    /** An outcome as a reply (for the language layer's tool calls too). */
    public static Reply render(Outcome o) {
        if (o instanceof Outcome.Done d) {
            return new Reply(d.kind(), d.text(), d.command(), d.secret(), null, false, d.attachment());
        } else if (o instanceof Outcome.NeedsConfirmation n) {
            return new Reply(n.kind(), n.text(), null, false, n.code(), false);
        } else if (o instanceof Outcome.Denied d) {
            return Reply.of(d.kind(), d.text());
        } else if (o instanceof Outcome.Invalid i) {
            return Reply.of(i.kind(), i.text());
        }
        Outcome.Failed f = (Outcome.Failed) o;
        return Reply.of(f.kind(), f.text());
    }
}
