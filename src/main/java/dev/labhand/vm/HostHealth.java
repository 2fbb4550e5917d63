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

    /** One line for replies and doctor; an unreachable host is described, not thrown. */
    public String describe(String host, Lang lang) {
        try {
            DockerEngine.EngineInfo info = hosts.engine(host, lang).info();
            return Messages.get(lang, info.nvidiaRuntime() ? "host.health.gpu" : "host.health.no-gpu",
                    "version", info.version(), "runtimes", String.join(", ", info.runtimes()));
        } catch (UserError e) {
            return Messages.get(lang, "host.health.unreachable", "reason", e.getMessage());
        } catch (RuntimeException e) {
            return Messages.get(lang, "host.health.unreachable", "reason", Messages.get(lang, "host.health.no-engine"));
        }
    }
}
