package dev.labhand.desk;

import dev.labhand.ask.KnowledgeBase;
import dev.labhand.ask.KnowledgeIndex;
import dev.labhand.diag.Finding;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * {@code desk.draft member: text: [workspace:] [name:]} or {@code desk.draft question:}: a draft answer to what a
 * learner wrote (or to a queued question, whose draft is kept for {@code queue.answer}), in the learner's
 * language: the likely cause, the checkup findings that support it, the fixes with the commands to type, and the
 * course note's link, signed with the instructor's name. It checks the workspace the text names, else the
 * learner's workspaces. The Discord "Diagnose & draft" menu calls this tool, so the gateway checks the role and
 * audits every draft. Secrets never appear in a draft.
 */
final class DraftAnswerTool implements Tool {
    /** The learner's message, flattened to one line by the front end. */
    static final Pattern TEXT = Pattern.compile("(?s).{1,256}");
    static final Pattern DISPLAY_NAME = Pattern.compile("[^\\p{Cntrl}]{1,64}");
    /** Discord allows 2000 characters in a message: the draft leaves room for the signature and, sent by DM, the notice around it. */
    static final int LIMIT = 1600;
    private static final ToolSpec SPEC = ToolSpec.of("desk.draft", Risk.READ, Role.INSTRUCTOR,
            Param.member("member").optional(null), Param.string("text", TEXT).asSecret().optional(null),
            Param.workspace("workspace").optional(null), Param.string("name", DISPLAY_NAME).optional(null),
            Param.integer("question", 1, Integer.MAX_VALUE).optional(null))
            .withTimeout(Duration.ofMinutes(2)).answeredPrivately();
    private final Desk desk;
    private final CompletableFuture<KnowledgeIndex> notes;
    private final String notesUrl;

    DraftAnswerTool(Desk desk, CompletableFuture<KnowledgeIndex> notes, String notesUrl) {
        this.desk = desk;
        this.notes = notes;
        this.notesUrl = notesUrl == null ? "" : notesUrl;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public Outcome check(dev.labhand.tool.Caller caller, dev.labhand.tool.Args args) {
        String question = args.get("question");
        if (question != null) return ClaimQuestionTool.unavailable(desk, caller, Long.parseLong(question), false);
        if (args.get("member") == null || args.get("text") == null) {
            return new Outcome.Invalid(Messages.get(caller.locale(), "desk.draft.needs"));
        }
        return null;
    }

    @Override
    public Outcome run(Invocation call) throws InterruptedException {
        Question queued = call.args().get("question") == null ? null
                : desk.questions().byId(Long.parseLong(call.args().get("question"))).orElseThrow();
        String member = queued != null ? queued.askerId() : call.args().get("member");
        String text = queued != null ? queued.question() : call.args().get("text");
        Lang lang = queued != null ? queued.lang()
                : KnowledgeIndex.languageOf(text, desk.questions().memberLocale(member).orElse(call.lang()));
        String name = queued != null ? queued.askerName()
                : desk.questions().memberName(member).orElse(call.args().getOr("name", member));
        List<WorkspaceRecord> chosen = workspacesMeant(member, text, call.args().get("workspace"));

        List<String> evidence = new ArrayList<>();
        Set<String> fixes = new LinkedHashSet<>();
        String cause = null;
        for (WorkspaceRecord r : chosen) {
            List<Finding> found;
            try {
                found = desk.findings().check(r, lang);
            } catch (RuntimeException e) {
                evidence.add(Messages.get(lang, "desk.checkup-failed", "name", r.name()));
                continue;
            }
            evidence.add(Messages.get(lang, "diag.check.header", "name", r.name(), "template", r.template()));
            for (Finding f : found) {
                if (f.severity() == Finding.Severity.OK) {
                    evidence.add("✅ " + Messages.get(lang, "diag.finding." + f.key(), f.pairs()));
                    continue;
                }
                String what = Messages.get(lang, "diag.finding." + f.key(), f.pairs());
                evidence.add((f.severity() == Finding.Severity.PROBLEM ? "❌ " : "⚠️ ") + what);
                if (cause == null && f.severity() == Finding.Severity.PROBLEM) cause = what;
                String fixKey = "diag.fix." + f.key();
                if (Messages.has(lang, fixKey)) fixes.add(Messages.get(lang, fixKey, f.pairs()));
            }
        }
        List<KnowledgeIndex.Hit> hits = notes.join().search(text, 1);
        KnowledgeBase.Entry note = hits.isEmpty() ? null : hits.get(0).entry();

        StringBuilder draft = new StringBuilder(Messages.get(lang, "desk.draft.hello", "name", name));
        if (cause != null) draft.append("\n\n").append(Messages.get(lang, "desk.draft.cause", "cause", cause));
        if (!evidence.isEmpty()) {
            draft.append("\n\n").append(Messages.get(lang, "desk.draft.evidence"));
            evidence.forEach(line -> draft.append('\n').append(line));
        } else {
            draft.append("\n\n").append(Messages.get(lang, "desk.draft.no-workspace"));
        }
        if (!fixes.isEmpty()) {
            draft.append("\n\n").append(Messages.get(lang, "desk.draft.fix"));
            int n = 1;
            for (String fix : fixes) draft.append('\n').append(n++).append(". ").append(fix);
        } else if (note != null) {
            draft.append("\n\n").append(Messages.get(lang, "desk.draft.from-notes", "title", note.title(lang),
                    "body", DeskText.clip(note.body(lang), 600)));
        } else if (cause == null) {
            draft.append("\n\n").append(Messages.get(lang, "desk.draft.nothing-found"));
        }
        if (note != null) {
            draft.append("\n\n").append(Messages.get(lang, "desk.draft.note", "title", note.title(lang),
                    "link", notesUrl + note.topic()));
        }
        String signature = "\n\n" + Messages.get(lang, "desk.draft.signature", "instructor", call.caller().name());
        String body = Desk.scrub(draft.toString(), desk.secretsOf(member));
        if (body.length() > LIMIT) body = body.substring(0, LIMIT) + "…";
        String done = body + Desk.scrub(signature, List.of());
        if (queued != null) desk.questions().saveDraft(queued.id(), done);
        return Outcome.Done.of(done, null);
    }

    /** The learner's workspace the caller or the text names; else all of theirs (at most a few). */
    private List<WorkspaceRecord> workspacesMeant(String member, String text, String named) {
        List<WorkspaceRecord> theirs = desk.workspaces().ownedBy(member);
        String lower = text.toLowerCase(Locale.ROOT);
        List<WorkspaceRecord> meant = theirs.stream().filter(r -> r.name().equals(named)
                || Pattern.compile("(?<![a-z0-9-])" + Pattern.quote(r.name()) + "(?![a-z0-9-])").matcher(lower).find())
                .toList();
        return meant.isEmpty() ? theirs.stream().limit(Desk.CHECKED_WORKSPACES).toList() : meant;
    }
}
