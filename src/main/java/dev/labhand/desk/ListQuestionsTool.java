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

/** {@code queue.list}: the questions nobody has answered yet, oldest first, with their age and who asked. */
final class ListQuestionsTool implements Tool {
    static final int SHOWN = 25;
    private static final ToolSpec SPEC = ToolSpec.of("queue.list", Risk.READ, Role.INSTRUCTOR).answeredPrivately();
    private final Desk desk;

    ListQuestionsTool(Desk desk) {
        this.desk = desk;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public Outcome run(Invocation call) {
        Lang lang = call.lang();
        List<Question> open = desk.questions().unanswered(SHOWN);
        if (open.isEmpty()) return Outcome.Done.of(Messages.get(lang, "desk.list.none"), null);
        StringBuilder sb = new StringBuilder(Messages.get(lang, "desk.list.header", "count", open.size()));
        for (Question q : open) {
            sb.append("\n- ").append(Messages.get(lang, "desk.line.list", "id", q.id(),
                    "age", DeskText.duration(Duration.between(q.createdAt(), desk.clock().instant()), lang),
                    "name", q.askerName(), "status", DeskText.status(q, lang),
                    "question", DeskText.clip(q.question(), 120)));
        }
        sb.append('\n').append(Messages.get(lang, "desk.list.footer"));
        return Outcome.Done.of(sb.toString(), null);
    }
}
