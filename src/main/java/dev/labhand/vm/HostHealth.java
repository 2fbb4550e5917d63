package dev.labhand.vm;

import dev.labhand.i18n.Messages;
import dev.labhand.tool.Caller.Lang;
import dev.labhand.tool.UserError;
import dev.labhand.workspace.DockerEngine;
import dev.labhand.workspace.DockerHosts;

/** A host's Docker engine as seen through its connection: version, and whether containers can get the GPU. */
public final class HostHealth {
    private final DockerHosts hosts;

    public HostHealth(DockerHosts hosts) {
        this.hosts = hosts;
    }

    /** What was found: whether the engine answered, whether containers can get a GPU, and that in words. */
    public record Health(boolean reachable, boolean gpu, String text) {}

    /** Asks the host's engine; an unreachable host is described, not thrown. */
    public Health check(String host, Lang lang) {
        try {
            DockerEngine.EngineInfo info = hosts.engine(host, lang).info();
            return new Health(true, info.nvidiaRuntime(), Messages.get(lang,
                    info.nvidiaRuntime() ? "host.health.gpu" : "host.health.no-gpu",
                    "version", info.version(), "runtimes", String.join(", ", info.runtimes())));
        } catch (UserError e) {
            return new Health(false, false, Messages.get(lang, "host.health.unreachable", "reason", e.getMessage()));
        } catch (RuntimeException e) {
            return new Health(false, false, Messages.get(lang, "host.health.unreachable",
                    "reason", Messages.get(lang, "host.health.no-engine")));
        }
    }

    /** One line for replies. */
    public String describe(String host, Lang lang) {
        return check(host, lang).text();
    }
}
