package dev.labhand.desk;

import dev.labhand.ask.KnowledgeBase;
import dev.labhand.ask.KnowledgeIndex;
import dev.labhand.i18n.Messages;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Caller.Lang;
import dev.labhand.tool.Invocation;
import dev.labhand.tool.Origin;
import dev.labhand.tool.Outcome;
import dev.labhand.tool.Param;
import dev.labhand.tool.Risk;
import dev.labhand.tool.Role;
import dev.labhand.tool.Tool;
import dev.labhand.tool.ToolSpec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * {@code queue.ask question: [workspace:]}: a learner puts a question to the instructors. It is queued with
 * the learner's checkup; when the course notes have something on it, that comes back at once as an automatic
 * first answer, and the instructor's answer follows by DM. A post on the course's question board (origin
 * {@link Origin#FORUM}) is queued with its thread, where the instructor's answer is posted too.
 */
final class AskInstructorTool implements Tool {
    static final Pattern QUESTION = Pattern.compile("(?s).{2,256}");
    private static final ToolSpec SPEC = ToolSpec.of("queue.ask", Risk.CHANGE, Role.LEARNER,
            Param.string("question", QUESTION).asSecret(), Param.workspace("workspace").optional(null))
            .withTimeout(Duration.ofMinutes(2)).answeredPrivately();
    private final Desk desk;
    private final CompletableFuture<KnowledgeIndex> notes;

    AskInstructorTool(Desk desk, CompletableFuture<KnowledgeIndex> notes) {
        this.desk = desk;
        this.notes = notes;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public Outcome run(Invocation call) {
        String question = call.args().get("question");
        Lang lang = KnowledgeIndex.languageOf(question, call.lang());
        List<KnowledgeIndex.Hit> hits = notes.join().search(question, 1);
        Caller c = call.caller();
        String source = call.origin() == Origin.FORUM ? Question.FORUM_PREFIX + c.channel() : "explicit";
        Desk.Queued queued = desk.queue(new Caller(c.id(), c.name(), c.role(), lang, c.channel()), question,
                source, call.args().get("workspace"), !hits.isEmpty());
        String said = call.origin() == Origin.FORUM ? "desk.queued.forum" : queued.fresh() ? "desk.queued" : "desk.queued-again";
        StringBuilder text = new StringBuilder(Messages.get(lang, said, "id", queued.question().id()));
        if (!hits.isEmpty()) {
            KnowledgeBase.Entry best = hits.get(0).entry();
            text.append("\n\n").append(Messages.get(lang, "desk.meanwhile", "title", best.title(lang),
                    "body", best.body(lang)));
        }
        return Outcome.Done.of(text.toString(), null);
    }
}
