package dev.labhand.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

final class RouterEvaluationTest {

    @Test
    void should_route_the_labelled_sentences_accurately() throws Exception {
        // given the router over the real catalog (no Docker needed to build the tools)
        OfflineRouter router = new OfflineRouter(RouterEvaluation.catalog(Path.of("tools"), Path.of("config/templates")),
                () -> RouterEvaluation.HOSTS);

        // when every labelled sentence is routed (after a warm-up)
        RouterEvaluation.Report report;
        try (InputStream in = getClass().getResourceAsStream("/router-eval.tsv")) {
            report = RouterEvaluation.run(router, in);
        }
        System.out.print(report.describe());

        // then
        assertThat(report.total()).isGreaterThanOrEqualTo(220);
        assertThat(report.intentAccuracy()).isGreaterThanOrEqualTo(0.95);
        assertThat(report.argumentAccuracy()).isGreaterThanOrEqualTo(0.95);
        // speed is printed above, not asserted: a timed unit test fails on a busy machine (scripts/bench.sh measures)
    }
}
