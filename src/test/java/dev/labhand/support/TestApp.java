package dev.labhand.support;

import dev.labhand.Wiring;
import dev.labhand.config.LabhandConfig;
import dev.labhand.store.WorkspaceRecord;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Origin;
import dev.labhand.tool.Outcome;
import dev.labhand.tool.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * A whole Labhand (the real {@link Wiring}) on a temporary SQLite file, the test templates and the real
 * Docker engine, with workspaces on network {@code none} (tests never send traffic to a bridge address).
 * {@link #close()} removes every container it made: those carrying its instance id.
 */
public final class TestApp implements AutoCloseable {
    public static final Path TEST_TEMPLATES = Path.of("src/test/resources/test-templates").toAbsolutePath();

    public final Path dir;
    public final Path configFile;
    public final Wiring app;

    public TestApp(Path dir) {
        this(dir, "");
    }

    /** {@code extraWorkspaceYaml} is appended under {@code workspaces:} (indented by the caller). */
    public TestApp(Path dir, String extraWorkspaceYaml) {
        this(dir, extraWorkspaceYaml, "", Clock.systemUTC());
    }

    /** {@code topLevelYaml} adds whole sections (e.g. {@code discord:}); {@code clock} drives expiries. */
    public TestApp(Path dir, String extraWorkspaceYaml, String topLevelYaml, Clock clock) {
        DockerPeer.engine();
        this.dir = dir;
        this.configFile = writeConfig(dir, extraWorkspaceYaml, topLevelYaml);
        this.app = new Wiring(LabhandConfig.load(configFile, System::getenv), System::getenv, clock);
    }

    public static Path writeConfig(Path dir, String extraWorkspaceYaml) {
        return writeConfig(dir, extraWorkspaceYaml, "");
    }

    public static Path writeConfig(Path dir, String extraWorkspaceYaml, String topLevelYaml) {
        try {
            Path file = dir.resolve("labhand.yaml");
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
                    %s
                    %s""".formatted(dir.resolve("labhand.db"), DockerPeer.HOST, TEST_TEMPLATES,
                    dir.resolve("members"), extraWorkspaceYaml, topLevelYaml));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Caller learner(String id) {
        return new Caller(id, id, Role.LEARNER, Caller.Lang.EN, "test");
    }

    public static Caller instructor(String id) {
        return new Caller(id, id, Role.INSTRUCTOR, Caller.Lang.EN, "test");
    }

    public static Caller admin(String id) {
        return new Caller(id, id, Role.ADMIN, Caller.Lang.EN, "test");
    }

    public Outcome call(Caller caller, String tool, Map<String, String> args) {
        return app.gateway.invoke(caller, tool, args, Origin.CONSOLE);
    }

    /** Asks, then confirms with the code it was given. */
    public Outcome callConfirmed(Caller caller, String tool, Map<String, String> args) {
        Outcome first = call(caller, tool, args);
        if (!(first instanceof Outcome.NeedsConfirmation n)) return first;
        return app.gateway.confirm(caller, n.code(), Origin.CONSOLE, dev.labhand.tool.Progress.NONE);
    }

    /** Removes this installation's containers (by its instance label, whether the store knows them or not), never another's. */
    @Override
    public void close() {
        for (WorkspaceRecord r : app.workspaces.all()) {
            if (r.containerId() != null) app.docker.remove(r.containerId());
            app.docker.inspect("lh-" + r.name())
                    .filter(c -> app.instanceId.equals(c.labels().get(dev.labhand.workspace.Labels.INSTANCE)))
                    .ifPresent(c -> app.docker.remove(c.id()));
        }
        app.docker.containersOf(app.instanceId).forEach(c -> app.docker.remove(c.id()));
        app.close();
    }
}
