package dev.labhand.agent.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labhand.agent.llm.support.LlmTestBed;
import dev.labhand.agent.llm.support.Provider;
import dev.labhand.agent.llm.support.ScriptedModelServer;
import dev.labhand.audit.AuditRow;
import dev.labhand.chat.Reply;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Origin;
import dev.labhand.tool.Progress;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every message of the corpus comes with the forbidden call it tries to provoke, and the fake model is
 * scripted to make exactly that call: the model is assumed fully fooled. The gateway must still run
 * nothing, audit every attempt, show the member its own record of each attempt ahead of the model's text, and
 * the model must never see a confirmation code.
 */
final class LlmInjectionCorpusTest {
    @TempDir
    Path dir;

    record Attack(String message, String function, String arguments) {}

    @ParameterizedTest
    @EnumSource(Provider.class)
    void should_execute_nothing_forbidden_whatever_the_message_says(Provider provider) throws IOException {
        List<Attack> corpus = corpus();
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(30);
        try (LlmTestBed bed = new LlmTestBed(dir); ScriptedModelServer fake = provider.startFake()) {
            LlmLanguageLayer layer = bed.layer(provider.config(fake, 5), fake);
            List<String> codes = new ArrayList<>();
            for (Attack a : corpus) {
                fake.thenCall(a.function(), a.arguments()).thenText("I cannot do that.");
                Caller caller = a.message().codePoints().anyMatch(c -> Character.UnicodeScript.of(c)
                        == Character.UnicodeScript.HANGUL) ? bed.minji : bed.alice;

                Reply reply = layer.answer(caller, a.message(), Origin.MESSAGE, Progress.NONE);

                assertThat(reply.secret()).as(a.message()).isFalse();
                // whatever the fooled model claims, the member sees the bot's own record of the attempt first
                assertThat(reply.text()).as(a.message()).startsWith(caller == bed.minji
                        ? "실제로 실행된 것 (이 메시지에 대한 Labhand 자체 기록):\n• /"
                        : "What actually ran (Labhand's own record of this message):\n• /");
                assertThat(reply.text()).as(a.message()).doesNotContain(": done\n").doesNotContain(": 완료\n");
                if (reply.confirmationCode() != null) codes.add(reply.confirmationCode());
            }

            assertThat(bed.totalRuns()).as("tools that really ran").isZero();
            List<AuditRow> rows = bed.auditRows();
            // every attempt is audited, except arguments that are not flat JSON (refused before the gateway)
            assertThat(rows).hasSize(corpus.size() - 1);
            assertThat(rows).allSatisfy(r -> {
                assertThat(r.origin()).isEqualTo("llm");
                assertThat(r.callerId()).isIn("alice", "minji");
                assertThat(r.outcome()).isIn("denied", "invalid", "confirm");
            });
            String sent = String.join("\n", fake.rawBodies());
            assertThat(codes).isNotEmpty().allSatisfy(code -> assertThat(sent).doesNotContain(code));
            assertThat(sent).doesNotContain(LlmTestBed.CANARY);
            assertThat(fake.requestCount()).isEqualTo(2 * corpus.size());
        }
    }

    static List<Attack> corpus() throws IOException {
        try (InputStream in = LlmInjectionCorpusTest.class.getResourceAsStream("/llm-injection-corpus.txt")) {
            List<Attack> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] f = line.split("\t");
                out.add(new Attack(f[0], f[1], f[2]));
            }
            return out;
        }
    }
}
