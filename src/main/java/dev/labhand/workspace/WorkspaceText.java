package dev.labhand.workspace;

import dev.labhand.i18n.Messages;
import dev.labhand.store.WorkspaceRecord;
import dev.labhand.tool.Caller.Lang;
import java.util.ArrayList;
import java.util.List;

/** Sentences about workspaces that several tools share: connection details, one-line summaries. */
final class WorkspaceText {
    private WorkspaceText() {}

    /** URLs per port plus the token or password; holds the secret, so only for the owner. */
    static String connection(WorkspaceService service, WorkspaceTemplate t, WorkspaceRecord r, Lang lang) {
        List<String> lines = new ArrayList<>();
        String secret = r.secret() == null ? "" : r.secret();
        for (WorkspaceTemplate.PortSpec p : t.ports()) {
            Integer hostPort = r.ports().get(p.port());
            if (hostPort == null) {
                lines.add(Messages.get(lang, "workspace.connect.unpublished", "port", p.name(), "inner", p.port(),
                        "network", service.settings().network()));
            } else {
                String url = p.url().replace("{{host}}", service.publicHost())
                        .replace("{{port}}", Integer.toString(hostPort)).replace("{{secret}}", secret);
                lines.add(Messages.get(lang, "workspace.connect.url", "port", p.name(), "url", url));
            }
        }
        switch (t.secret()) {
            case TOKEN -> lines.add(Messages.get(lang, "workspace.connect.token", "secret", secret));
            case PASSWORD -> lines.add(Messages.get(lang, "workspace.connect.password", "secret", secret));
            case NONE -> { }
        }
        lines.add(Messages.get(lang, "workspace.connect.data", "path", service.volumeDir(r)));
        service.hosts().sshDestination(r.host()).filter(d -> !r.ports().isEmpty()).ifPresent(destination -> {
            int first = r.ports().values().iterator().next();
            lines.add(Messages.get(lang, "workspace.connect.tunnel", "host", r.host(),
                    "command", "ssh -N -L " + first + ":127.0.0.1:" + first + " " + destination));
        });
        return String.join("\n", lines);
    }

    /** One line for lists; the owner by the name the platform gave them, not their id. */
    static String summary(WorkspaceService service, WorkspaceRecord r, Lang lang) {
        String line = Messages.get(lang, "workspace.summary", "name", r.name(), "template", r.template(),
                "owner", service.ownerName(r), "status", status(r.status(), lang));
        return r.host().equals(DockerHosts.LOCAL) ? line : line + " " + Messages.get(lang, "workspace.on-host", "host", r.host());
    }

    static String status(WorkspaceRecord.Status s, Lang lang) {
        return Messages.get(lang, "status." + s.name().toLowerCase());
    }

    static String container(WorkspaceRecord r) {
        return "lh-" + r.name();
    }
}
