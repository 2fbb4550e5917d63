package dev.labhand.ops;

import dev.labhand.desk.Desk;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.function.ToDoubleFunction;

/**
 * The instructor's desk on /metrics: open questions, and p50 / p90 of the time to a question's first answer and to
 * the instructor's answer over the last seven days (the course promises 2-3 working days; the goal is minutes).
 * Read from the store when scraped; -1 while no question in the window has such an answer.
 */
public final class DeskMetrics {
    static final Duration WINDOW = Duration.ofDays(7);

    private DeskMetrics() {}

    public static void register(MeterRegistry meters, Desk desk) {
        Gauge.builder("labhand_questions_open", desk, d -> d.pace(WINDOW).open())
                .description("questions queued for the instructors and not answered yet").register(meters);
        time(meters, desk, "first_answer", "0.5", Desk.Pace::firstP50);
        time(meters, desk, "first_answer", "0.9", Desk.Pace::firstP90);
        time(meters, desk, "answer", "0.5", Desk.Pace::answerP50);
        time(meters, desk, "answer", "0.9", Desk.Pace::answerP90);
    }

    private static void time(MeterRegistry meters, Desk desk, String which, String quantile,
                             ToDoubleFunction<Desk.Pace> pick) {
        Gauge.builder("labhand_question_" + which + "_seconds", desk, d -> pick.applyAsDouble(d.pace(WINDOW)))
                .description("time from a question to its " + which.replace('_', ' ') + ", over the last 7 days")
                .tag("quantile", quantile).register(meters);
    }
}
