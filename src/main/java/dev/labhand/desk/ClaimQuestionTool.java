package dev.labhand.desk;

import dev.labhand.i18n.Messages;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Caller.Lang;
import dev.labhand.tool.Invocation;
import dev.labhand.tool.Outcome;
import dev.labhand.tool.Param;
import dev.labhand.tool.Risk;
import dev.labhand.tool.Role;
import dev.labhand.tool.Tool;
import dev.labhand.tool.ToolSpec;
import java.util.Optional;

/**
 * {@code queue.claim id:}: an instructor takes a question, so two do not answer the same one; the answer shows
 * the question with the learner's checkup. A question another instructor holds, or one answered, is refused.
 */
final class ClaimQuestionTool implements Tool {
    private static final ToolSpec SPEC = ToolSpec.of("queue.claim", Risk.CHANGE, Role.INSTRUCTOR,
            Param.integer("id", 1, Integer.MAX_VALUE)).answeredPrivately();
    private final Desk desk;

    ClaimQuestionTool(Desk desk) {
        this.desk = desk;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public Outcome check(Caller caller, dev.labhand.tool.Args args) {
        return unavailable(desk, caller, Long.parseLong(args.get("id")), true);
    }

    @Override
    public Outcome run(Invocation call) {
        Lang lang = call.lang();
        long id = Long.parseLong(call.args().get("id"));
        Caller c = call.caller();
        if (!desk.questions().claim(id, c.id(), c.name(), desk.clock().instant())) {
            Outcome refused = unavailable(desk, c, id, true);
            return refused != null ? refused : new Outcome.Invalid(Messages.get(lang, "desk.missing", "id", id));
        }
        Question q = desk.questions().byId(id).orElseThrow();
        String text = Messages.get(lang, "desk.claimed", "id", id, "name", q.askerName(), "question", q.question());
        if (!q.checkup().isBlank()) text += "\n\n" + q.checkup();
        return Outcome.Done.of(text + "\n\n" + Messages.get(lang, "desk.claimed.next", "id", id), null);
    }

    /** Why this caller cannot take (or answer) question {@code id} now; null when they can. */
    static Outcome unavailable(Desk desk, Caller caller, long id, boolean claiming) {
        Lang lang = caller.locale();
        Optional<Question> found = desk.questions().byId(id);
        if (found.isEmpty()) return new Outcome.Invalid(Messages.get(lang, "desk.missing", "id", id));
        Question q = found.get();
        if (q.answered()) {
            return new Outcome.Invalid(Messages.get(lang, "desk.already-answered", "id", id, "name", q.answeredByName()));
        }
        if (claiming && Question.CLAIMED.equals(q.status()) && !caller.id().equals(q.claimedBy())) {
            return new Outcome.Invalid(Messages.get(lang, "desk.already-claimed", "id", id, "name", q.claimedByName()));
        }
        return null;
    }
}
