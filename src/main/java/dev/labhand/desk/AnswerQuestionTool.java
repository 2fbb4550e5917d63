package dev.labhand.desk;

import dev.labhand.i18n.Messages;
import dev.labhand.tool.Args;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Caller.Lang;
import dev.labhand.tool.Invocation;
import dev.labhand.tool.Outcome;
import dev.labhand.tool.Param;
import dev.labhand.tool.Risk;
import dev.labhand.tool.Role;
import dev.labhand.tool.Tool;
import dev.labhand.tool.ToolSpec;
import java.util.regex.Pattern;

/**
 * {@code queue.answer id: [text:]}: an instructor answers a queued question, by hand or (without text) with the
 * draft {@code desk.draft question:} made for it. It is closed, and the learner gets the answer by DM (in their
 * language, naming the instructor). The answer is scrubbed of secrets like the question.
 */
final class AnswerQuestionTool implements Tool {
    static final Pattern ANSWER = Pattern.compile("(?s).{2,256}");
    private static final ToolSpec SPEC = ToolSpec.of("queue.answer", Risk.CHANGE, Role.INSTRUCTOR,
            Param.integer("id", 1, Integer.MAX_VALUE), Param.string("text", ANSWER).asSecret().optional(null)).answeredPrivately();
    private final Desk desk;

    AnswerQuestionTool(Desk desk) {
        this.desk = desk;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public Outcome check(Caller caller, Args args) {
        return ClaimQuestionTool.unavailable(desk, caller, Long.parseLong(args.get("id")), false);
    }

    @Override
    public Outcome run(Invocation call) {
        Lang lang = call.lang();
        long id = Long.parseLong(call.args().get("id"));
        Caller c = call.caller();
        Question q = desk.questions().byId(id).orElse(null);
        if (q == null) return new Outcome.Invalid(Messages.get(lang, "desk.missing", "id", id));
        String given = call.args().get("text");
        if (given == null) given = desk.questions().draft(id).orElse(null);
        if (given == null) return new Outcome.Invalid(Messages.get(lang, "desk.no-draft", "id", id));
        String answer = Desk.scrub(given, desk.secretsOf(q.askerId()));
        if (!desk.questions().answer(id, c.id(), c.name(), answer, desk.clock().instant())) {
            Outcome refused = ClaimQuestionTool.unavailable(desk, c, id, false);
            return refused != null ? refused : new Outcome.Invalid(Messages.get(lang, "desk.missing", "id", id));
        }
        desk.answered(q, c.name(), answer);
        return Outcome.Done.of(Messages.get(lang, "desk.answered", "id", id, "name", q.askerName()), null);
    }
}
