package dev.labhand.chat;

import dev.labhand.agent.LanguageLayer;
import dev.labhand.i18n.Messages;
import dev.labhand.store.MemberRepository;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Caller.Lang;
import dev.labhand.tool.Origin;
import dev.labhand.tool.Outcome;
import dev.labhand.tool.Progress;
import dev.labhand.tool.Tool;
import dev.labhand.tool.ToolGateway;
import dev.labhand.tool.ToolSpec;

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
        SlashGrammar.Command command = SlashGrammar.parse(line);
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
            ToolSpec spec = tool.spec();
            if (!caller.role().atLeast(spec.minRole())) continue;
            sb.append("\n  ").append(Usage.of(spec)).append("\n      ").append(tool.description(lang));
        }
        sb.append("\n").append(Messages.get(lang, "help.footer"));
        return sb.toString();
    }

    /** An outcome as a reply (for the language layer's tool calls too). */
    public static Reply render(Outcome o) {
        if (o instanceof Outcome.Done d) {
            return new Reply(d.kind(), d.text(), d.command(), d.secret(), null, false);
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
