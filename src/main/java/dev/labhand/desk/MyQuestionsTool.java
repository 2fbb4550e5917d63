package dev.labhand.desk;

import dev.labhand.i18n.Messages;
import dev.labhand.tool.Caller.Lang;
import dev.labhand.tool.Invocation;
import dev.labhand.tool.Outcome;
import dev.labhand.tool.Risk;
import dev.labhand.tool.Role;
import dev.labhand.tool.Tool;
import dev.labhand.tool.ToolSpec;
import java.time.Duration;
import java.util.List;

/** {@code queue.mine}: the caller's own questions, newest first, with their answers. Nobody sees another's here. */
final class MyQuestionsTool implements Tool {
    private static final ToolSpec SPEC = ToolSpec.of("queue.mine", Risk.READ, Role.LEARNER).answeredPrivately();
    private final Desk desk;

    MyQuestionsTool(Desk desk) {
        this.desk = desk;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public Outcome run(Invocation call) {
        Lang lang = call.lang();
        List<Question> mine = desk.questions().askedBy(call.caller().id(), 10);
        if (mine.isEmpty()) return Outcome.Done.of(Messages.get(lang, "desk.mine.none"), null);
        StringBuilder sb = new StringBuilder(Messages.get(lang, "desk.mine.header", "count", mine.size()));
        for (Question q : mine) {
            sb.append("\n- ").append(Messages.get(lang, "desk.line.mine", "id", q.id(),
                    "age", DeskText.duration(Duration.between(q.createdAt(), desk.clock().instant()), lang),
                    "status", DeskText.status(q, lang), "question", DeskText.clip(q.question(), 120)));
            if (q.answered()) sb.append("\n  ").append(Messages.get(lang, "desk.line.answer",
                    "name", q.answeredByName(), "answer", DeskText.clip(q.answer(), 300)));
        }
        return Outcome.Done.of(sb.toString(), null);
    }
}
