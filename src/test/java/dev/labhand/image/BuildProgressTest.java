package dev.labhand.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A build's lines become progress reports at most every 1.5 s, each naming the step it is in. */
final class BuildProgressTest {
    @Test
    void should_report_at_most_every_one_and_a_half_seconds_with_the_current_step() {
        AtomicLong now = new AtomicLong(10_000);
        List<String> reports = new ArrayList<>();
        BuildProgress p = new BuildProgress(reports::add, now::get);

        p.accept("Step 1/3 : FROM base");
        now.addAndGet(400);
        p.accept("Step 2/3 : RUN make");
        now.addAndGet(400);
        p.accept("compiling a.c");
        now.addAndGet(800);
        p.accept("compiling b.c");
        now.addAndGet(1499);
        p.accept("compiling c.c");

        assertThat(reports).containsExactly("Step 1/3 : FROM base", "Step 2/3 : RUN make\n  compiling b.c");
    }
}
