package dev.labhand.vm;

import dev.labhand.i18n.Messages;
import dev.labhand.store.HostRecord;
import dev.labhand.tool.Invocation;
import dev.labhand.tool.Outcome;
import dev.labhand.tool.Param;
import dev.labhand.tool.Risk;
import dev.labhand.tool.Role;
import dev.labhand.tool.Tool;
import dev.labhand.tool.ToolSpec;
import java.time.Duration;

/** {@code host.status name:}: a host's Docker engine and GPU runtime, for anyone who may use the host. */
public final class HostStatusTool implements Tool {
    private static final ToolSpec SPEC = ToolSpec.of("host.status", Risk.READ, Role.LEARNER, Param.host("name"))
            .withTimeout(Duration.ofMinutes(2));
    private final VmService service;
    private final HostHealth health;

    public HostStatusTool(VmService service, HostHealth health) {
        this.service = service;
        this.health = health;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public Outcome run(Invocation call) {
        String name = call.args().get("name");
        StringBuilder sb = new StringBuilder();
        HostRecord h = service.hosts().byName(name).orElse(null);
        if (h == null) {
            sb.append(Messages.get(call.lang(), "host.local", "running", service.runningOn(name)));
        } else {
            sb.append(VmText.summary(h, service.runningOn(name), service.ownerName(h), call.lang()));
            sb.append('\n').append(VmText.connection(h, h.address(), call.lang()));
        }
        sb.append('\n').append(health.describe(name, call.lang()));
        return Outcome.Done.of(sb.toString(), h == null ? "docker info" : "docker --context " + name + " info");
    }
}
