package dev.labhand.desk;

import dev.labhand.ask.KnowledgeIndex;
import dev.labhand.audit.AuditLog;
import dev.labhand.diag.CheckWorkspaceTool;
import dev.labhand.diag.WorkspaceCheckup;
import dev.labhand.i18n.Messages;
import dev.labhand.store.Database;
import dev.labhand.store.HostRepository;
import dev.labhand.store.WorkspaceRecord;
import dev.labhand.store.WorkspaceRepository;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Caller.Lang;
import dev.labhand.tool.Notifier;
import dev.labhand.tool.Origin;
import dev.labhand.tool.Redactor;
import dev.labhand.tool.Role;
import dev.labhand.tool.Tool;
import dev.labhand.workspace.WorkspaceService;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The question queue and who hears of it. A queued question carries the asker's checkup; both are scrubbed of
 * secrets (the {@link Redactor}'s patterns and, literally, the tokens and passwords of the asker's workspaces)
 * before they are stored or shown. Instructors are told through the {@link Notifier} (Discord: a DM) and through
 * every staff post a front end registered (Discord: the configured staff channel).
 */
public final class Desk {
    private static final Logger log = LoggerFactory.getLogger(Desk.class);
    /** The most checkup text kept with a question. */
    static final int CHECKUP_LIMIT = 3000;
    /** The most workspaces of one learner checked for a question. */
    static final int CHECKED_WORKSPACES = 3;

    /** A front end's place for staff (a Discord channel): the question's id and the notice text. */
    @FunctionalInterface
    public interface StaffPost {
        void post(long questionId, String text);
    }

    /**
     * What other parts of Labhand know about a member (accounts on hosts, budget use), for the member overview: lines
     * in the instructor's language; empty when there is nothing to say.
     */
    @FunctionalInterface
    public interface MemberFacts {
        List<String> about(String memberId, Lang lang);
    }

    /** A front end's place where an answer is also shown publicly (Discord: the question's board thread). */
    @FunctionalInterface
    public interface AnswerPost {
        void post(Question question, String instructorName, String answer);
    }

    /** What queueing gave: the question, and whether it is new (asking again queues once). */
    public record Queued(Question question, boolean fresh) {}

    private final QuestionRepository questions;
    private final WorkspaceRepository workspaces;
    private final HostRepository hosts;
    private final AuditLog audit;
    private final CheckWorkspaceTool checkup;
    private final WorkspaceCheckup findings;
    private final Notifier notifier;
    private final Clock clock;
    private final Lang staffLang;
    private final List<StaffPost> staffPosts = new CopyOnWriteArrayList<>();
    private final List<AnswerPost> answerPosts = new CopyOnWriteArrayList<>();
    private final List<MemberFacts> memberFacts = new CopyOnWriteArrayList<>();

    public Desk(Database db, WorkspaceService service, HostRepository hosts, AuditLog audit, Notifier notifier,
                Clock clock, Lang staffLang) {
        this.questions = new QuestionRepository(db);
        this.workspaces = service.repository();
        this.hosts = hosts;
        this.audit = audit;
        this.checkup = new CheckWorkspaceTool(service);
        this.findings = new WorkspaceCheckup(service);
        this.notifier = notifier;
        this.clock = clock;
        this.staffLang = staffLang;
    }

    /** Every desk tool, in the order help lists them. */
    public List<Tool> tools(CompletableFuture<KnowledgeIndex> notes, String notesUrl) {
        return List.of(
                new AskInstructorTool(this, notes),
                new MyQuestionsTool(this),
                new ListQuestionsTool(this),
                new ClaimQuestionTool(this),
                new AnswerQuestionTool(this),
                new QueueStatsTool(this),
                new DraftAnswerTool(this, notes, notesUrl),
                new ReplyPostedTool(this),
                new MemberOverviewTool(this));
    }

    /** Adds a staff post (the Discord staff channel); every new question is posted there too. */
    public void postToStaffWith(StaffPost post) {
        staffPosts.add(post);
    }

    /** Adds a source of facts about members shown in the member overview (accounts, budget use). */
    public void describeMembersWith(MemberFacts facts) {
        memberFacts.add(facts);
    }

    /** Every registered fact about {@code memberId}; a source that fails is left out (and logged). */
    List<String> factsAbout(String memberId, Lang lang) {
        List<String> out = new ArrayList<>();
        for (MemberFacts f : memberFacts) {
            try {
                out.addAll(f.about(memberId, lang));
            } catch (RuntimeException e) {
                log.warn("a member fact about {} could not be read", memberId, e);
            }
        }
        return out;
    }

    /** Adds a place answers are also posted (the Discord question board's threads). */
    public void postAnswersWith(AnswerPost post) {
        answerPosts.add(post);
    }

    /** An instructor answered {@code q}: the learner is told by DM, and every answer post shows it where it was asked. */
    void answered(Question q, String instructorName, String answer) {
        notifier.notify(q.askerId(), "desk.notice.answered", "id", q.id(), "instructor", instructorName,
                "question", DeskText.clip(q.question(), 80), "answer", answer);
        for (AnswerPost post : answerPosts) {
            try {
                post.post(q, instructorName, answer);
            } catch (RuntimeException e) {
                log.warn("the answer to question #{} could not be posted where it was asked", q.id(), e);
            }
        }
    }

    /**
     * Queues a learner's question with the checkup of the workspace it names, else of their own workspaces, and
     * tells the instructors. Asking the same unanswered question again gives the queued one back, untold.
     *
     * @param firstAnswered the learner already got an automatic answer (the course notes') now
     */
    public Queued queue(Caller asker, String text, String source, String workspace, boolean firstAnswered) {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("no question");
        List<String> secrets = secretsOf(asker.id());
        String question = scrub(text, secrets);
        Optional<Question> same = questions.unansweredSame(asker.id(), question);
        if (same.isPresent()) return new Queued(same.get(), false);
        String found = scrub(checkupOf(asker.id(), workspace, asker.locale()), secrets);
        if (found.length() > CHECKUP_LIMIT) found = found.substring(0, CHECKUP_LIMIT) + "…";
        long id = questions.insert(asker.id(), asker.name(), asker.locale(), source, question, found, clock.instant(),
                firstAnswered ? clock.instant() : null);
        Question q = questions.byId(id).orElseThrow();
        tellStaff(q);
        return new Queued(q, true);
    }

    /** The checkup text of the named workspace (when it is the asker's), else of the asker's workspaces. */
    String checkupOf(String memberId, String workspace, Lang lang) {
        List<WorkspaceRecord> mine = workspaces.ownedBy(memberId);
        List<WorkspaceRecord> chosen = mine.stream().filter(r -> r.name().equals(workspace)).toList();
        if (chosen.isEmpty()) chosen = mine.stream().limit(CHECKED_WORKSPACES).toList();
        List<String> reports = new ArrayList<>();
        for (WorkspaceRecord r : chosen) {
            try {
                String report = checkup.reportFor(r.name(), lang);
                if (!report.isBlank()) reports.add(report.strip());
            } catch (RuntimeException e) {
                // a host that does not answer leaves that workspace out; the question is queued all the same
                log.warn("checkup of {} for a queued question failed: {}", r.name(), e.toString());
                reports.add(Messages.get(lang, "desk.checkup-failed", "name", r.name()));
            }
        }
        return String.join("\n\n", reports);
    }

    private void tellStaff(Question q) {
        List<String> staff = questions.membersWithRole(Role.INSTRUCTOR.id());
        if (staff.isEmpty()) staff = questions.membersWithRole(Role.ADMIN.id());
        Object[] params = {"id", q.id(), "name", q.askerName(), "question", q.question()};
        // Discord shows these as [Draft] [Claim] buttons under the DM; each press is the instructor's own gateway call
        List<Notifier.Action> actions = List.of(
                new Notifier.Action("discord.desk.button.draft", "desk.draft", java.util.Map.of("question", Long.toString(q.id()))),
                new Notifier.Action("discord.desk.button.claim", "queue.claim", java.util.Map.of("id", Long.toString(q.id()))));
        for (String instructor : staff) notifier.notify(instructor, actions, "desk.notice.queued", params);
        String text = Messages.get(staffLang, "desk.notice.queued", params);
        for (StaffPost post : staffPosts) {
            try {
                post.post(q.id(), text);
            } catch (RuntimeException e) {
                log.warn("question #{} could not be posted to the staff channel", q.id(), e);
            }
        }
    }

    /** The tokens and passwords of a member's workspaces: never stored in a question or shown in a draft. */
    List<String> secretsOf(String memberId) {
        return workspaces.ownedBy(memberId).stream().map(WorkspaceRecord::secret)
                .filter(s -> s != null && s.length() >= 4).collect(Collectors.toList());
    }

    /** Text with the Redactor's patterns masked and each known secret replaced, wherever it appears. */
    static String scrub(String text, List<String> secrets) {
        if (text == null) return "";
        String out = text;
        for (String s : secrets) out = out.replace(s, Redactor.MASK);
        return Redactor.redact(out);
    }

    /**
     * For {@code ask.course}: a learner's question the notes have nothing on is queued for the instructors, and
     * the learner is told so. Only a question the learner asked with {@code /ask} is queued: not one the language
     * layer guessed from a sentence (small talk would fill the queue), and not an instructor's (empty text).
     */
    public String queueUnanswered(dev.labhand.tool.Invocation call, String question, Lang lang) {
        Caller c = call.caller();
        if (c.role() != Role.LEARNER || call.origin() == Origin.LLM || call.origin() == Origin.ROUTER) return "";
        Queued q = queue(new Caller(c.id(), c.name(), c.role(), lang, c.channel()), question, "ask",
                call.args().get("workspace"), false);
        return Messages.get(lang, q.fresh() ? "desk.queued" : "desk.queued-again", "id", q.question().id());
    }

    /**
     * How the desk is doing over the last {@code window} (for the metrics endpoint): questions still open (all of
     * them, however old), and over the questions asked in the window p50 / p90 of the time to the first answer and
     * to the instructor's answer, in seconds; -1 where no question has one yet.
     */
    public record Pace(int open, double firstP50, double firstP90, double answerP50, double answerP90) {}

    public Pace pace(java.time.Duration window) {
        List<Question> recent = questions.createdSince(clock.instant().minus(window));
        List<java.time.Duration> first = new ArrayList<>();
        List<java.time.Duration> answer = new ArrayList<>();
        for (Question q : recent) {
            if (q.firstAnswerAt() != null) first.add(java.time.Duration.between(q.createdAt(), q.firstAnswerAt()));
            if (q.answeredAt() != null) answer.add(java.time.Duration.between(q.createdAt(), q.answeredAt()));
        }
        return new Pace(questions.unanswered(100_000).size(), seconds(QueueStatsTool.percentile(first, 50)),
                seconds(QueueStatsTool.percentile(first, 90)), seconds(QueueStatsTool.percentile(answer, 50)),
                seconds(QueueStatsTool.percentile(answer, 90)));
    }

    private static double seconds(java.time.Duration d) {
        return d == null ? -1 : d.toMillis() / 1000.0;
    }

    /** One queued question as stored. */
    public Optional<Question> question(long id) {
        return questions.byId(id);
    }

    /** A member's questions, newest first. */
    public List<Question> askedBy(String memberId, int limit) {
        return questions.askedBy(memberId, limit);
    }

    QuestionRepository questions() {
        return questions;
    }

    WorkspaceRepository workspaces() {
        return workspaces;
    }

    HostRepository hosts() {
        return hosts;
    }

    AuditLog audit() {
        return audit;
    }

    WorkspaceCheckup findings() {
        return findings;
    }

    Notifier notifier() {
        return notifier;
    }

    Clock clock() {
        return clock;
    }
}
