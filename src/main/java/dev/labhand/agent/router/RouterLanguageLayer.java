package dev.labhand.agent.router;

import dev.labhand.chat.LanguageLayer;
import dev.labhand.chat.ChatService;
import dev.labhand.chat.Reply;
import dev.labhand.store.WorkspaceRecord;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Origin;
import dev.labhand.tool.Progress;
import dev.labhand.tool.ToolGateway;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The language layer with no model: the {@link OfflineRouter} picks the tool, the gateway runs it (and asks
 * for confirmation of risky ones; this layer never confirms anything), {@link ChatService#render} words the
 * outcome. A clarifying question is remembered per member and channel for ten minutes, so the next message
 * ("thesis", "두 번째 거") answers it. Calls are audited with origin {@link Origin#ROUTER}.
 */
public final class RouterLanguageLayer implements LanguageLayer {
    static final Duration PENDING_TTL = Duration.ofMinutes(10);
    private static final Pattern NEVER_MIND = Pattern.compile(
            "(?i)\\s*(취소|됐어|됐어요|아니|아니요|그만|cancel|never ?mind|nvm|forget it|no)[.!]*\\s*");

    /** A question asked: a missing argument ({@link Route.Clarify}) or which tool was meant ({@link Route.Choose}). */
    private record Pending(Route question, Instant expiresAt) {}

    private final OfflineRouter router;
    private final ToolGateway gateway;
    private final Function<Caller, List<WorkspaceRecord>> visibleWorkspaces;
    private final Clock clock;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    public RouterLanguageLayer(OfflineRouter router, ToolGateway gateway,
                               Function<Caller, List<WorkspaceRecord>> visibleWorkspaces) {
        this(router, gateway, visibleWorkspaces, Clock.systemUTC());
    }

    public RouterLanguageLayer(OfflineRouter router, ToolGateway gateway,
                               Function<Caller, List<WorkspaceRecord>> visibleWorkspaces, Clock clock) {
        this.router = router;
        this.gateway = gateway;
        this.visibleWorkspaces = visibleWorkspaces;
        this.clock = clock;
    }

    @Override
    public Reply answer(Caller caller, String text, Origin origin, Progress progress) {
        List<WorkspaceRecord> visible = visibleWorkspaces.apply(caller);
        String key = key(caller);
        Pending waiting = pending.remove(key);
        Route route = null;
        if (waiting != null && clock.instant().isBefore(waiting.expiresAt())) {
            if (NEVER_MIND.matcher(text).matches()) return Reply.of("done", RouterText.dropped(caller.locale()));
            Route fresh = router.route(caller, text, visible);
            Route answered = waiting.question() instanceof Route.Clarify clarify ? router.answer(caller, clarify, text, visible)
                    : router.choose((Route.Choose) waiting.question(), text);
            // a new request (a sentence routed to another tool) wins over an answer; anything else is read as the answer
            boolean request = (fresh instanceof Route.Call || fresh instanceof Route.Clarify)
                    && (answered == null || (text.strip().split("\\s+").length >= 2 && !tool(fresh).equals(tool(waiting.question()))));
            route = request ? fresh : answered != null ? answered : waiting.question();
        }
        if (route == null) route = router.route(caller, text, visible);
        if (route instanceof Route.Call call) {
            Reply reply = ChatService.render(gateway.invoke(caller, call.tool(), call.args(), Origin.ROUTER, progress));
            boolean personal = gateway.catalog().find(call.tool()).map(t -> t.spec().privateReply()).orElse(true);
            return new Reply(reply.kind(), reply.text(), reply.command(), reply.secret(), reply.confirmationCode(),
                    reply.personal() || personal, reply.attachment());
        } else if (route instanceof Route.Clarify clarify) {
            pending.put(key, new Pending(clarify, clock.instant().plus(PENDING_TTL)));
            return Reply.of("clarify", clarify.question());
        } else if (route instanceof Route.Choose choose) {
            pending.put(key, new Pending(choose, clock.instant().plus(PENDING_TTL)));
            return Reply.of("clarify", choose.question());
        }
        return Reply.of("help", RouterText.notUnderstood(caller.locale()));
    }

    @Override
    public void forget(Caller caller) {
        pending.remove(key(caller));
    }

    private static String tool(Route route) {
        return route instanceof Route.Call c ? c.tool() : route instanceof Route.Clarify c ? c.tool() : "";
    }

    private static String key(Caller caller) {
        return caller.id() + "\0" + caller.channel();
    }
}
