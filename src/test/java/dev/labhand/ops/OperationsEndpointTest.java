package dev.labhand.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labhand.Wiring;
import dev.labhand.config.LabhandConfig;
import dev.labhand.support.DockerPeer;
import dev.labhand.support.MutableClock;
import dev.labhand.support.TestApp;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Origin;
import dev.labhand.tool.Outcome;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operations endpoint scraped over HTTP on loopback: figures move after tool calls, and /healthz names the
 * engine when it stops answering and is healthy again once it answers.
 */
final class OperationsEndpointTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    @Test
    void should_serve_metrics_that_move_with_tool_calls_workspaces_and_the_ledger() throws Exception {
        DockerPeer.engine();
        MutableClock clock = new MutableClock(Instant.parse("2026-03-02T10:00:00Z"));
        try (SwitchableEnginePort engine = new SwitchableEnginePort("/var/run/docker.sock");
             Wiring app = wiring(engine.dockerHost(), clock, "127.0.0.1:0")) {
            int port = app.operations.serve();
            assertThat(port).isPositive();
            String before = get(port, "/metrics").body();
            double vmCostBefore = value(before, "labhand_tool_calls_seconds_count", "tool=\"vm.cost\"", "outcome=\"done\"");
            double auditBefore = value(before, "labhand_audit_write_seconds_count", "op=\"record\"");
            assertThat(value(before, "labhand_idle_culls_total")).isZero();

            Caller learner = TestApp.learner("alice");
            assertThat(app.gateway.invoke(learner, "vm.cost", Map.of("provider", "azure"), Origin.CONSOLE))
                    .isInstanceOf(Outcome.Done.class);
            assertThat(app.gateway.invoke(learner, "vm.cost", Map.of("provider", "aws"), Origin.SLASH))
                    .isInstanceOf(Outcome.Done.class);
            app.gateway.invoke(learner, "vm.cost", Map.of("provider", "nowhere"), Origin.CONSOLE);
            app.gateway.invoke(learner, "no.such-tool", Map.of(), Origin.CONSOLE);
            app.meters().counter(Metrics.IDLE_CULLS).increment(); // what the idle culler does
            // a ledger with a VM in it: Azure NC4as_T4 on demand, 2 h = $1.052
            app.hosts.insert(BudgetPolicyTest.vmRecord("gpu1", "alice", false, clock));
            app.operations.accrue();
            clock.advance(Duration.ofHours(2));
            app.operations.accrue();
            String run = Long.toString(System.nanoTime() % 1_000_000, 36);
            try {
                assertThat(app.gateway.invoke(learner, "workspace.create", Map.of("template", "busybox-cpu",
                        "name", "ob-metrics-" + run), Origin.CONSOLE)).isInstanceOf(Outcome.Done.class);

                String after = get(port, "/metrics").body();
                assertThat(value(after, "labhand_tool_calls_seconds_count", "tool=\"vm.cost\"", "outcome=\"done\""))
                        .isEqualTo(vmCostBefore + 2);
                assertThat(value(after, "labhand_tool_calls_seconds_count", "tool=\"vm.cost\"", "outcome=\"invalid\""))
                        .isEqualTo(1);
                assertThat(value(after, "labhand_tool_calls_seconds_count", "tool=\"unknown\"", "outcome=\"invalid\""))
                        .isEqualTo(1);
                // a latency histogram, not only a count
                assertThat(after).containsPattern("labhand_tool_calls_seconds_bucket\\{[^}]*tool=\"vm.cost\"[^}]*le=\"\\+Inf\"\\} 2");
                assertThat(value(after, "labhand_audit_write_seconds_count", "op=\"record\"")).isGreaterThan(auditBefore);
                assertThat(value(after, "labhand_audit_write_seconds_count", "op=\"begin\"")).isGreaterThanOrEqualTo(3);
                assertThat(value(after, "labhand_idle_culls_total")).isEqualTo(1);
                assertThat(value(after, "labhand_workspaces", "state=\"running\"", "host=\"local\"")).isEqualTo(1);
                assertThat(value(after, "labhand_vm_hours", "host=\"gpu1\"")).isEqualTo(2.0);
                assertThat(value(after, "labhand_budget_spent_usd", "scope=\"class\"")).isCloseTo(1.052,
                        org.assertj.core.api.Assertions.within(1e-9));
                assertThat(value(after, "labhand_budget_spent_usd", "scope=\"alice\"")).isCloseTo(1.052,
                        org.assertj.core.api.Assertions.within(1e-9));
                // every series the shipped Grafana dashboard asks for is one this endpoint serves
                Matcher names = Pattern.compile("labhand_[a-z_]+").matcher(Files.readString(Path.of("tools/grafana/labhand.json")));
                int asked = 0;
                while (names.find()) {
                    asked++;
                    assertThat(after).as("dashboard series " + names.group()).containsPattern("(?m)^" + names.group() + "[{ ]");
                }
                assertThat(asked).isGreaterThanOrEqualTo(10);
            } finally {
                app.workspaces.all().forEach(w -> {
                    if (w.containerId() != null) app.docker.remove(w.containerId());
                });
            }
        }
    }

    @Test
    void should_serve_the_desks_open_questions_and_its_time_to_answer() throws Exception {
        DockerPeer.engine();
        MutableClock clock = new MutableClock(Instant.parse("2026-03-02T10:00:00Z"));
        try (SwitchableEnginePort engine = new SwitchableEnginePort("/var/run/docker.sock");
             Wiring app = wiring(engine.dockerHost(), clock, "127.0.0.1:0")) {
            int port = app.operations.serve();
            String before = get(port, "/metrics").body();
            assertThat(value(before, "labhand_questions_open")).isZero();
            assertThat(value(before, "labhand_question_answer_seconds", "quantile=\"0.5\"")).isEqualTo(-1);

            Outcome asked = app.gateway.invoke(TestApp.learner("alice"), "queue.ask",
                    Map.of("question", "why is my banana bread recipe so dry"), Origin.CONSOLE);
            assertThat(asked).isInstanceOf(Outcome.Done.class);
            long id = app.desk.askedBy("alice", 1).get(0).id();
            assertThat(value(get(port, "/metrics").body(), "labhand_questions_open")).isEqualTo(1);

            clock.advance(Duration.ofMinutes(30));
            assertThat(app.gateway.invoke(TestApp.instructor("ines"), "queue.answer",
                    Map.of("id", Long.toString(id), "text", "less flour, more banana"), Origin.CONSOLE))
                    .isInstanceOf(Outcome.Done.class);
            String after = get(port, "/metrics").body();
            assertThat(value(after, "labhand_questions_open")).isZero();
            assertThat(value(after, "labhand_question_answer_seconds", "quantile=\"0.5\"")).isEqualTo(1800);
            assertThat(value(after, "labhand_question_answer_seconds", "quantile=\"0.9\"")).isEqualTo(1800);
            assertThat(value(after, "labhand_question_first_answer_seconds", "quantile=\"0.5\"")).isBetween(0.0, 1800.0);
        }
    }

    @Test
    void should_answer_503_naming_the_engine_while_it_is_unreachable_and_200_again() throws Exception {
        DockerPeer.engine();
        try (SwitchableEnginePort engine = new SwitchableEnginePort("/var/run/docker.sock");
             Wiring app = wiring(engine.dockerHost(), new MutableClock(Instant.now()), "127.0.0.1:0")) {
            int port = app.operations.serve();
            HttpResponse<String> healthy = get(port, "/healthz");
            assertThat(healthy.statusCode()).isEqualTo(200);
            assertThat(healthy.body()).contains("\"status\":\"ok\"", "\"database\":\"ok\"", "\"engine\":\"ok\"")
                    .doesNotContain("discord");

            engine.shut();
            HttpResponse<String> down = get(port, "/healthz");
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.body()).contains("\"engine\":\"failing\"", "\"failing\":[\"engine\"]", "\"database\":\"ok\"");

            engine.reopen();
            assertThat(get(port, "/healthz").statusCode()).isEqualTo(200);

            // with Discord running in the process, its connection is checked too
            java.util.concurrent.atomic.AtomicBoolean connected = new java.util.concurrent.atomic.AtomicBoolean(false);
            app.operations.watchDiscord(connected::get);
            HttpResponse<String> noDiscord = get(port, "/healthz");
            assertThat(noDiscord.statusCode()).isEqualTo(503);
            assertThat(noDiscord.body()).contains("\"failing\":[\"discord\"]");
            connected.set(true);
            assertThat(get(port, "/healthz").body()).contains("\"discord\":\"ok\"");
        }
    }

    @Test
    void should_not_listen_when_the_endpoint_is_off() throws Exception {
        try (Wiring app = wiring(DockerPeer.HOST, new MutableClock(Instant.now()), "off")) {
            assertThat(app.operations.serve()).isEqualTo(-1);
        }
    }

    private Wiring wiring(String dockerHost, MutableClock clock, String bind) throws IOException {
        Path file = dir.resolve("labhand-" + bind.replace(':', '-') + ".yaml");
        Files.writeString(file, """
                database: %s
                locale: en
                policy:
                  cooldownSeconds: 0
                docker:
                  host: %s
                workspaces:
                  templates: %s
                  root: %s
                  network: none
                operations:
                  http:
                    bind: "%s"
                """.formatted(dir.resolve("ops-" + bind.replace(':', '-') + ".db"), dockerHost, TestApp.TEST_TEMPLATES,
                dir.resolve("members"), bind));
        return new Wiring(LabhandConfig.load(file, System::getenv), System::getenv, clock);
    }

    private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The value of the sample {@code name} whose labels include every one of {@code labels}; 0 when absent. */
    static double value(String scrape, String name, String... labels) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})? (\\S+)$").matcher(scrape);
        while (m.find()) {
            String have = m.group(1) == null ? "" : m.group(1);
            boolean all = true;
            for (String l : labels) all &= have.contains(l);
            if (all) return Double.parseDouble(m.group(2));
        }
        return 0;
    }
}
