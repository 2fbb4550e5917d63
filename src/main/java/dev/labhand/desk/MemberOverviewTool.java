package dev.labhand.desk;

import dev.labhand.audit.AuditRow;
import dev.labhand.i18n.Messages;
import dev.labhand.store.WorkspaceRecord;
import dev.labhand.tool.Caller.Lang;
import dev.labhand.tool.Invocation;
import dev.labhand.tool.Outcome;
import dev.labhand.tool.Param;
import dev.labhand.tool.Risk;
import dev.labhand.tool.Role;
import dev.labhand.tool.Tool;
import dev.labhand.tool.ToolSpec;
import java.util.List;
import java.util.Set;

/**
 * {@code desk.member member:}: one member at a glance for an instructor: their workspaces, the hosts they may
 * use and the VMs or hosts they own, their accounts on hosts and budget use, their questions in the queue, and their recent failed or refused calls from the audit log. The Discord
 * "Show workspaces & hosts" menu calls this tool.
 */
final class MemberOverviewTool implements Tool {
    static final int FAILED_SHOWN = 8;
    static final Set<String> FAILED = Set.of("failed", "denied", "invalid", AuditRow.INTERRUPTED);
    private static final ToolSpec SPEC = ToolSpec.of("desk.member", Risk.READ, Role.INSTRUCTOR, Param.member("member"))
            .answeredPrivately();
    private final Desk desk;

    MemberOverviewTool(Desk desk) {
        this.desk = desk;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public Outcome run(Invocation call) {
        Lang lang = call.lang();
        String member = call.args().get("member");
        var seen = desk.questions().memberRoleAndLastSeen(member);
        StringBuilder sb = new StringBuilder(Messages.get(lang, "desk.member.header",
                "name", desk.questions().memberName(member).orElse(member), "id", member,
                "role", seen.map(s -> Messages.get(lang, "role." + s[0])).orElse("-"),
                "seen", seen.map(s -> minute(s[1])).orElse("-")));
        List<WorkspaceRecord> workspaces = desk.workspaces().ownedBy(member);
        sb.append("\n\n").append(workspaces.isEmpty() ? Messages.get(lang, "desk.member.no-workspaces")
                : Messages.get(lang, "desk.member.workspaces", "count", workspaces.size()));
        for (WorkspaceRecord r : workspaces) {
            sb.append("\n- ").append(Messages.get(lang, "desk.member.workspace", "name", r.name(),
                    "template", r.template(), "host", r.host(), "status", r.status().name().toLowerCase()));
        }
        List<String> hosts = desk.hosts().assignedTo(member);
        sb.append("\n\n").append(Messages.get(lang, "desk.member.hosts",
                "hosts", hosts.isEmpty() ? Messages.get(lang, "desk.member.hosts.local") : String.join(", ", hosts)));
        List<String> vms = desk.hosts().all().stream().filter(h -> member.equals(h.ownerId()))
                .map(h -> h.name() + " (" + h.provider() + ", " + h.state() + ")").toList();
        if (!vms.isEmpty()) sb.append("\n").append(Messages.get(lang, "desk.member.vms", "vms", String.join(", ", vms)));
        for (String fact : desk.factsAbout(member, lang)) sb.append("\n").append(fact);
        List<Question> questions = desk.questions().askedBy(member, 50);
        long open = questions.stream().filter(q -> !q.answered()).count();
        sb.append("\n").append(Messages.get(lang, "desk.member.questions", "open", open,
                "answered", questions.size() - open));
        List<AuditRow> failed = desk.audit().list(member, null, 200).stream()
                .filter(r -> FAILED.contains(r.outcome())).limit(FAILED_SHOWN).toList();
        sb.append("\n\n").append(failed.isEmpty() ? Messages.get(lang, "desk.member.no-failed")
                : Messages.get(lang, "desk.member.failed", "count", failed.size()));
        for (AuditRow r : failed) {
            sb.append("\n- ").append(Messages.get(lang, "desk.member.call", "time", minute(r.time()), "tool", r.tool(),
                    "outcome", r.outcome(), "detail", DeskText.clip(r.detail(), 100)));
        }
        String command = "docker ps -a --filter label=labhand.owner=" + member;
        return Outcome.Done.of(sb.toString(), command);
    }

    private static String minute(String isoTime) {
        String t = isoTime == null ? "" : isoTime.replace('T', ' ');
        return t.length() > 16 ? t.substring(0, 16) : t;
    }
}
