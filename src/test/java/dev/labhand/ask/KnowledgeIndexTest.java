package dev.labhand.ask;

import static dev.labhand.ask.KnowledgeAnalyzers.BODY_EN;
import static dev.labhand.ask.KnowledgeAnalyzers.BODY_KO;
import static org.assertj.core.api.Assertions.assertThat;

import dev.labhand.ask.KnowledgeIndex.Hit;
import dev.labhand.tool.Caller.Lang;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

final class KnowledgeIndexTest {
    private static final KnowledgeIndex INDEX = KnowledgeIndex.build(KnowledgeBase.load(KnowledgeBase.DEFAULT_DIR));

    @Test
    void should_search_each_word_of_a_mixed_question_in_its_own_language() {
        var terms = INDEX.explainTerms("docker run 할 때 포트가 안 열려요");

        assertThat(terms.get(BODY_KO)).containsExactly("포트", "열리");
        assertThat(terms.get(BODY_EN)).containsExactly("docker", "run");
    }

    @Test
    void should_separate_english_words_from_the_korean_particles_glued_to_them() {
        var terms = INDEX.explainTerms("jupyter에서 token이 뭐예요?");

        assertThat(terms.get(BODY_EN)).containsExactly("jupyt", "token");
        assertThat(terms.get(BODY_KO)).isEmpty();
    }

    @Test
    void should_keep_course_terms_written_in_hangul_whole() {
        assertThat(INDEX.explainTerms("알스튜디오에서 레티큘레이트가 안 돼요").get(BODY_KO))
                .containsExactly("알스튜디오", "레티큘레이트");
    }

    @Test
    void should_split_commands_into_the_words_learners_type() {
        assertThat(INDEX.explainTerms("torch.cuda.is_available() False").get(BODY_EN))
                .contains("torch", "cuda", "avail", "fals");
    }

    @Test
    void should_forgive_a_typo_in_a_topic_word() {
        assertThat(top("rstuido password")).isEqualTo("rstudio-server-docker");
        assertThat(top("dcoker volumn")).isEqualTo("volumes-bind-mounts");
    }

    @Test
    void should_rank_the_best_entry_first() {
        List<Hit> hits = INDEX.search("exit code 137 OOMKilled", 3);

        assertThat(hits).isNotEmpty();
        assertThat(hits.get(0).entry().id()).isEqualTo("container-logs-exit-codes");
        assertThat(hits).extracting(Hit::score).isSortedAccordingTo((a, b) -> Float.compare(b, a));
        assertThat(hits).allMatch(h -> h.score() >= KnowledgeIndex.MIN_SCORE);
    }

    @Test
    void should_find_nothing_in_a_question_made_only_of_question_words_or_symbols() {
        assertThat(INDEX.search("how do I do this, can you help me?", 3)).isEmpty();
        assertThat(INDEX.search("이거 어떻게 해요? ㅠㅠ", 3)).isEmpty();
        assertThat(INDEX.search("*:* AND (title:\"x\"~2)^3", 3)).isEmpty();
        assertThat(INDEX.search("", 3)).isEmpty();
    }

    @Test
    void should_stay_within_lucenes_clause_limit_for_a_question_of_made_up_words() {
        Random random = new Random(7);
        StringBuilder question = new StringBuilder();
        while (question.length() < 250) {
            for (int i = 0; i < 4; i++) question.append((char) ('a' + random.nextInt(26)));
            question.append(' ');
        }

        assertThat(INDEX.search(question.toString(), 3)).isNotNull();
    }

    @Test
    void should_take_a_question_with_hangul_for_korean_and_otherwise_the_askers_language() {
        assertThat(KnowledgeIndex.languageOf("docker run 포트", Lang.EN)).isEqualTo(Lang.KO);
        assertThat(KnowledgeIndex.languageOf("docker run port", Lang.KO)).isEqualTo(Lang.KO);
        assertThat(KnowledgeIndex.languageOf("docker run port", Lang.EN)).isEqualTo(Lang.EN);
    }

    private static String top(String question) {
        List<Hit> hits = INDEX.search(question, 3);
        assertThat(hits).as(question).isNotEmpty();
        return hits.get(0).entry().id();
    }
}
