package dev.labhand.workspace.idle;

import dev.labhand.Wiring;
import dev.labhand.config.LabhandConfig;
import dev.labhand.store.WorkspaceRecord;
import dev.labhand.support.DockerPeer;
import dev.labhand.support.MutableClock;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Origin;
import dev.labhand.tool.Outcome;
import dev.labhand.tool.Progress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A whole Labhand on the real Docker engine with templates that have an {@code idle:} policy, a clock the test
 * moves, and every notice kept. Workspaces run on network none; the "Jupyter" is busybox httpd inside the
 * container serving {@code /api/status}, reached from inside the container the way the culler reaches it.
 */
final class IdleTestBed implements AutoCloseable {
    static final String JUPYTER = "idle-jupyter";
    static final String BUSY = "idle-busy";
    static final String PLAIN = "idle-none";

    final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
    final Wiring app;
    final List<String> notices = new CopyOnWriteArrayList<>();

    IdleTestBed(Path dir) {
        this(dir, "");
    }

    /** {@code topLevelYaml} adds whole sections (a {@code discord:} one). */
    IdleTestBed(Path dir, String topLevelYaml) {
        DockerPeer.engine();
        try {
            Path templates = Files.createDirectories(dir.resolve("templates"));
            Files.writeString(templates.resolve(JUPYTER + ".yaml"), template(JUPYTER,
                    "[\"sh\", \"-c\", \"mkdir -p /www/api; echo '{\\\"last_activity\\\": \\\"2000-01-01T00:00:00Z\\\"}' > /www/api/status; exec httpd -f -p 8080 -h /www\"]",
                    """
                    env:
                      JUPYTER_TOKEN: "{{secret}}"
                    ports:
                      - port: 8080
                        name: jupyter
                    secret: token
                    idle:
                      minutes: 30
                      warnMinutes: 10
                    """));
            // a training run with the browser closed: no IDE, one CPU kept busy
            Files.writeString(templates.resolve(BUSY + ".yaml"), template(BUSY,
                    "[\"sh\", \"-c\", \"while :; do :; done\"]", "idle:\n  minutes: 30\n  warnMinutes: 10\n"));
            Files.writeString(templates.resolve(PLAIN + ".yaml"), template(PLAIN, "[\"sleep\", \"3600\"]", ""));
            Path config = dir.resolve("labhand.yaml");
            Files.writeString(config, """
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
                    %s""".formatted(dir.resolve("labhand.db"), DockerPeer.HOST, templates, dir.resolve("members"),
                    topLevelYaml));
            app = new Wiring(LabhandConfig.load(config, System::getenv), System::getenv, clock);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        app.notices.deliverWith((member, text) -> notices.add(member + ": " + text));
    }

    private static String template(String name, String command, String extra) {
        return """
                name: %s
                description:
                  ko: 유휴 테스트
                  en: idle test
                image: %s
                command: %s
                volumes:
                  - name: work
                    path: /home/labhand/work
                limits:
                  memory: 128m
                  cpus: 1
                  pids: 64
                labels:
                  course: labhand-tests
                init: true
                %s""".formatted(name, DockerPeer.TEST_IMAGE, command, extra);
    }

    WorkspaceRecord create(Caller owner, String template, String name) {
        Outcome o = app.gateway.invoke(owner, "workspace.create", Map.of("template", template, "name", name),
                Origin.CONSOLE, Progress.NONE);
        if (!(o instanceof Outcome.Done)) throw new AssertionError("create " + name + ": " + o);
        return app.workspaces.byName(name).orElseThrow();
    }

    /** What the "Jupyter" inside the workspace answers on /api/status from now on. */
    void jupyterLastActivity(WorkspaceRecord r, Instant at) throws InterruptedException {
        var out = app.docker.exec(r.containerId(), List.of("sh", "-c",
                "echo '{\"started\": \"2026-03-02T08:00:00Z\", \"last_activity\": \"" + at + "\", \"connections\": 0, \"kernels\": 1}' > /www/api/status"),
                Duration.ofSeconds(10), 1000);
        if (out.exitCode() == null || out.exitCode() != 0) throw new AssertionError("writing the status failed: " + out);
    }

    IdleCuller.Pass pass(Duration advance) throws InterruptedException {
        clock.advance(advance);
        return app.idleCuller.tick();
    }

    boolean running(WorkspaceRecord r) {
        return app.docker.inspect(r.containerId()).map(c -> c.running()).orElse(false);
    }

    /** Removes this installation's containers (its instance label), never another run's. */
    @Override
    public void close() {
        app.docker.containersOf(app.instanceId).forEach(c -> app.docker.remove(c.id()));
        app.close();
    }
}
