package dev.labhand.agent.router;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class RouterEvaluationTest {

    @Test
    void should_route_the_held_out_test_split_accurately_in_korean_and_english() {
        // given the router over the real catalog, with the data's world as live state
        OfflineRouter router = RouterEvaluation.router(Path.of("tools"), Path.of("config/templates"));

        // when every sentence of the test split (never used for training or tuning) is routed
        RouterEvaluation.Report test = RouterEvaluation.run(router, "test");
        System.out.println(test.summary());
        System.out.println(test.confusion());

        // then intent and every argument are right (a "which did you mean?" counts as wrong).
        // Issue 12 targets 92% overall and 90% per language; measured honestly (never tuned on this split) the
        // router reached 81.5% (ko 85.0%, en 77.8%) before the second round of training families and 85.6%
        // (ko 88.8%, en 83.3%) after it. These floors (that result minus a small margin) guard against
        // regressions; raise them as the model and the training data grow, never by tuning on this split.
        assertThat(test.rows()).hasSizeGreaterThanOrEqualTo(200);
        assertThat(test.accuracy()).isGreaterThanOrEqualTo(0.84);
        assertThat(test.accuracy("ko")).isGreaterThanOrEqualTo(0.87);
        assertThat(test.accuracy("en")).isGreaterThanOrEqualTo(0.81);
        // speed is printed above, not asserted: a timed unit test fails on a busy machine (labhand router-eval measures)
    }

    @Test
    void should_keep_every_phrasing_family_in_one_split() {
        Map<String, String> splitOf = new HashMap<>();
        for (String split : List.of("train", "dev", "test")) {
            for (LabelledData.Example ex : LabelledData.split(split)) {
                String family = ex.family().replaceFirst("^g-(.*)-typo$", "$1");
                assertThat(splitOf.putIfAbsent(family, split)).as(family).isIn(null, split);
            }
        }
    }

    @Test
    void should_hold_at_least_1500_sentences_half_of_them_hand_written_in_every_language() {
        List<LabelledData.Example> all = new java.util.ArrayList<>();
        for (String split : List.of("train", "dev", "test")) all.addAll(LabelledData.split(split));

        assertThat(all).hasSizeGreaterThanOrEqualTo(1500);
        assertThat(all.stream().filter(e -> !e.generated()).count()).isGreaterThanOrEqualTo(all.size() / 2);
        assertThat(all.stream().map(LabelledData.Example::lang).distinct()).containsExactlyInAnyOrder("ko", "en", "mix");
    }
}
