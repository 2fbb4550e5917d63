package dev.labhand.ask;

import dev.labhand.ask.KnowledgeIndex.Hit;
import dev.labhand.i18n.Messages;
import dev.labhand.tool.Caller.Lang;
import dev.labhand.tool.Invocation;
import dev.labhand.tool.Outcome;
import dev.labhand.tool.Param;
import dev.labhand.tool.Risk;
import dev.labhand.tool.Role;
import dev.labhand.tool.QuotedAnswer;
import dev.labhand.tool.ToolSpec;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code ask.course question: [workspace:]}: the course notes' answer to a question, offline. The best
 * entry's body in the language the question was asked in (Hangul: Korean; otherwise the asker's), the two
 * next entries as related reading, and the syllabus module that teaches it (named, and linked as
 * {@code <notesUrl><module id>} when the notes have an address).
 */
public final class AskTool implements QuotedAnswer {
    /** Any text of 2 to 256 characters; the gateway has already refused control characters. */
    static final Pattern QUESTION = Pattern.compile("(?s).{2,256}");
    private static final ToolSpec SPEC = ToolSpec.of("ask.course", Risk.READ, Role.LEARNER,
            Param.string("question", QUESTION),
            Param.workspace("workspace").optional(null));

    private final CompletableFuture<KnowledgeIndex> index;
    private final String notesUrl;
    private final BiFunction<Invocation, String, String> findings;
    private volatile Unanswered unanswered;

    /** What becomes of a question the notes have nothing on (the desk queues it); its text is added to the answer. */
    @FunctionalInterface
    public interface Unanswered {
        String handle(Invocation call, String question, Lang lang);
    }

    /** Hands questions the notes have nothing on to {@code handler} (the instructor's desk). */
    public AskTool whenNothingFound(Unanswered handler) {
        this.unanswered = handler;
        return this;
    }

    /** The index this tool answers from, possibly still being built; the desk's drafts search it too. */
    public CompletableFuture<KnowledgeIndex> index() {
        return index;
    }

    /** @param notesUrl where course topics live ({@code <notesUrl><topic>}); empty to name topics only */
    public AskTool(KnowledgeIndex index, String notesUrl) {
        this(CompletableFuture.completedFuture(index), notesUrl, null);
    }

    /** @param index the index, possibly still being built ({@link KnowledgeIndex#buildInBackground}) */
    public AskTool(CompletableFuture<KnowledgeIndex> index, String notesUrl) {
        this(index, notesUrl, null);
    }

    /**
     * @param index    the index, possibly still being built ({@link KnowledgeIndex#buildInBackground}): the first
     *                 question waits for it
     * @param notesUrl where course topics live ({@code <notesUrl><topic>}); empty to name topics only
     * @param findings what is known about the named workspace, given the call and the workspace name, appended
     *                 to the answer when the caller names one; null (or a blank result) adds nothing
     */
    public AskTool(CompletableFuture<KnowledgeIndex> index, String notesUrl,
                   BiFunction<Invocation, String, String> findings) {
        this.index = index;
        this.notesUrl = notesUrl == null ? "" : notesUrl;
        this.findings = findings;
    }

    /** "module 08 — Docker for R", then its link when the notes have an address: what a reply names. */
    String topicLine(String moduleId, Lang lang) {
        String named = CourseModules.find(moduleId).map(m -> m.label() + " — " + m.topic(lang)).orElse(moduleId);
        return notesUrl.isEmpty() ? named : named + " " + notesUrl + moduleId;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public Outcome run(Invocation call) {
        String question = call.args().get("question");
        Lang lang = KnowledgeIndex.languageOf(question, call.lang());
        List<Hit> hits = index.join().search(question, 3);
        StringBuilder text = new StringBuilder();
        if (hits.isEmpty()) {
            text.append(Messages.get(lang, "ask.nothing"));
            String handled = unanswered == null ? "" : unanswered.handle(call, question, lang);
            if (!handled.isBlank()) text.append("\n\n").append(handled);
        } else {
            KnowledgeBase.Entry best = hits.get(0).entry();
            text.append(Messages.get(lang, "ask.answer", "title", best.title(lang), "body", best.body(lang)));
            text.append("\n\n");
            if (hits.size() > 1) {
                String related = hits.subList(1, hits.size()).stream().map(h -> h.entry().title(lang))
                        .collect(Collectors.joining(" · "));
                text.append(Messages.get(lang, "ask.related", "titles", related)).append('\n');
            }
            text.append(Messages.get(lang, "ask.topic", "topic", topicLine(best.topic(), lang)));
        }
        String workspace = call.args().get("workspace");
        if (findings != null && workspace != null) {
            String found = findings.apply(call, workspace);
            if (found != null && !found.isBlank()) {
                text.append("\n\n").append(Messages.get(lang, "ask.findings", "workspace", workspace, "findings", found.strip()));
            }
        }
        return Outcome.Done.of(text.toString(), null);
    }
}
