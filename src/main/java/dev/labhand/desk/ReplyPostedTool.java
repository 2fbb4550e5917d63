package dev.labhand.desk;

import dev.labhand.i18n.Messages;
import dev.labhand.tool.Invocation;
import dev.labhand.tool.Outcome;
import dev.labhand.tool.Param;
import dev.labhand.tool.Risk;
import dev.labhand.tool.Role;
import dev.labhand.tool.Tool;
import dev.labhand.tool.ToolSpec;
import java.util.regex.Pattern;

/**
 * {@code desk.reply member: message:}: an instructor is about to answer a learner's message in the channel (the
 * Discord draft's [Post as reply] calls it first, and posts only when it is done). So every posted answer is
 * role-checked and in the audit log, and it counts as the first answer to the learner's unanswered questions in
 * the queue (their time to first answer); the instructor's answer still closes them.
 */
final class ReplyPostedTool implements Tool {
    static final Pattern MESSAGE_ID = Pattern.compile("\\d{1,25}");
    private static final ToolSpec SPEC = ToolSpec.of("desk.reply", Risk.CHANGE, Role.INSTRUCTOR,
            Param.member("member"), Param.string("message", MESSAGE_ID)).answeredPrivately();
    private final Desk desk;

    ReplyPostedTool(Desk desk) {
        this.desk = desk;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public Outcome run(Invocation call) {
        String member = call.args().get("member");
        int counted = desk.questions().firstAnswered(member, desk.clock().instant());
        String name = desk.questions().memberName(member).orElse(member);
        return Outcome.Done.of(Messages.get(call.lang(), counted == 0 ? "desk.replied" : "desk.replied.counted",
                "name", name, "count", counted), null);
    }
}
