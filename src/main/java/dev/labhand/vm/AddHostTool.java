package dev.labhand.vm;

import dev.labhand.i18n.Messages;
import dev.labhand.ssh.SshPublicKey;
import dev.labhand.tool.Invocation;
import dev.labhand.tool.Outcome;
import dev.labhand.tool.Param;
import dev.labhand.tool.Risk;
import dev.labhand.tool.Role;
import dev.labhand.tool.Tool;
import dev.labhand.tool.ToolSpec;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * {@code host.add name: address: host-key: [port:] [user:]}: registers a Docker host reached over SSH that
 * Labhand did not create (a lab server, a VM made by hand). Its host key must be given: Labhand never
 * trusts a key on first sight.
 */
public final class AddHostTool implements Tool {
    static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.:-]{0,252}");
    static final Pattern USER = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");
    private final VmService service;
    private final HostHealth health;
    private final ToolSpec spec;

    public AddHostTool(VmService service, HostHealth health, String defaultUser) {
        this.service = service;
        this.health = health;
        this.spec = ToolSpec.of("host.add", Risk.CHANGE, Role.INSTRUCTOR,
                Param.string("name", Param.NAME),
                Param.string("address", ADDRESS),
                Param.string("host-key", CreateVmTool.KEY),
                Param.integer("port", 1, 65_535).optional("22"),
                Param.string("user", USER).optional(defaultUser)).withTimeout(Duration.ofMinutes(2));
    }

    @Override
    public ToolSpec spec() {
        return spec;
    }

    @Override
    public Outcome run(Invocation call) {
        var a = call.args();
        SshPublicKey key;
        try {
            key = SshPublicKey.parse(a.get("host-key"));
        } catch (IllegalArgumentException e) {
            return new Outcome.Invalid(Messages.get(call.lang(), "vm.key-invalid", "reason", e.getMessage()));
        }
        String name = a.get("name");
        String address = a.get("address");
        int port = a.integer("port", 22);
        if (!service.addHost(call.caller(), name, address, port, a.get("user"), key.line())) {
            return new Outcome.Invalid(Messages.get(call.lang(), "host.name-taken", "name", name));
        }
        String text = Messages.get(call.lang(), "host.added", "name", name, "address", address,
                "fingerprint", key.fingerprint()) + "\n" + health.describe(name, call.lang());
        return Outcome.Done.of(text, "docker context create " + name + " --docker host=ssh://" + a.get("user") + "@"
                + address + (port == 22 ? "" : ":" + port));
    }
}
