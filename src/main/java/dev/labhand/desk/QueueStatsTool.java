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
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code queue.stats}: how fast questions are answered, per ISO week (UTC) of asking over the last
 * {@link #WEEKS} weeks: asked, answered, still open, and p50 / p90 of the time to the first answer (an automatic
 * one from the notes counts) and to the instructor's answer; then the same two times for the questions answered
 * last. The course promises 2–3 working days; the goal is
 * minutes.
 */
final class QueueStatsTool implements Tool {
    static final int WEEKS = 8;
    /** How many recently answered questions are shown one by one. */
    static final int RECENT = 5;
    private static final ToolSpec SPEC = ToolSpec.of("queue.stats", Risk.READ, Role.INSTRUCTOR).answeredPrivately();
    private final Desk desk;

    QueueStatsTool(Desk desk) {
        this.desk = desk;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    /** One week's numbers; durations are null when nothing was answered that week. */
    record Week(String week, int asked, int answered, int open, Duration firstP50, Duration firstP90,
                Duration answerP50, Duration answerP90) {}

    @Override
    public Outcome run(Invocation call) {
        Lang lang = call.lang();
        Instant now = desk.clock().instant();
        List<Question> asked = desk.questions().createdSince(now.minus(Duration.ofDays(7L * WEEKS)));
        List<Week> weeks = weeks(asked);
        if (weeks.isEmpty()) return Outcome.Done.of(Messages.get(lang, "desk.stats.none", "weeks", WEEKS), null);
        StringBuilder sb = new StringBuilder(Messages.get(lang, "desk.stats.header", "weeks", WEEKS));
        for (Week w : weeks) {
            sb.append("\n- ").append(Messages.get(lang, "desk.stats.week", "week", w.week(), "asked", w.asked(),
                    "answered", w.answered(), "open", w.open(),
                    "first50", shown(w.firstP50(), lang), "first90", shown(w.firstP90(), lang),
                    "answer50", shown(w.answerP50(), lang), "answer90", shown(w.answerP90(), lang)));
        }
        List<Question> recent = asked.stream().filter(Question::answered)
                .sorted(java.util.Comparator.comparing(Question::answeredAt).reversed()).limit(RECENT).toList();
        if (!recent.isEmpty()) sb.append('\n').append(Messages.get(lang, "desk.stats.recent"));
        for (Question q : recent) {
            sb.append("\n- ").append(Messages.get(lang, "desk.stats.question", "id", q.id(), "name", q.askerName(),
                    "first", DeskText.duration(Duration.between(q.createdAt(), q.firstAnswerAt()), lang),
                    "answer", DeskText.duration(Duration.between(q.createdAt(), q.answeredAt()), lang),
                    "instructor", q.answeredByName()));
        }
        sb.append('\n').append(Messages.get(lang, "desk.stats.footer"));
        return Outcome.Done.of(sb.toString(), null);
    }

    /** Questions grouped by the ISO week they were asked in, oldest week first. */
    static List<Week> weeks(List<Question> questions) {
        Map<String, List<Question>> byWeek = new TreeMap<>();
        for (Question q : questions) {
            var day = q.createdAt().atOffset(ZoneOffset.UTC);
            String week = String.format("%d-W%02d", day.get(IsoFields.WEEK_BASED_YEAR), day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            byWeek.computeIfAbsent(week, k -> new ArrayList<>()).add(q);
        }
        List<Week> out = new ArrayList<>();
        byWeek.forEach((week, qs) -> {
            List<Duration> first = new ArrayList<>();
            List<Duration> answer = new ArrayList<>();
            for (Question q : qs) {
                if (q.firstAnswerAt() != null) first.add(Duration.between(q.createdAt(), q.firstAnswerAt()));
                if (q.answeredAt() != null) answer.add(Duration.between(q.createdAt(), q.answeredAt()));
            }
            int answered = (int) qs.stream().filter(Question::answered).count();
            out.add(new Week(week, qs.size(), answered, qs.size() - answered, percentile(first, 50),
                    percentile(first, 90), percentile(answer, 50), percentile(answer, 90)));
        });
        return out;
    }

    /** Nearest-rank percentile; null for no values. */
    static Duration percentile(List<Duration> values, int p) {
        if (values.isEmpty()) return null;
        List<Duration> sorted = values.stream().sorted().toList();
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    private static String shown(Duration d, Lang lang) {
        return d == null ? "-" : DeskText.duration(d, lang);
    }
}
