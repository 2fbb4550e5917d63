package dev.labhand.storage.adls;

import dev.labhand.i18n.Messages;
import dev.labhand.storage.StorageAccess;
import dev.labhand.storage.StorageCatalog;
import dev.labhand.storage.StorageLocation;
import dev.labhand.storage.StoragePaths;
import dev.labhand.tool.Args;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Invocation;
import dev.labhand.tool.Outcome;
import dev.labhand.tool.Param;
import dev.labhand.tool.Risk;
import dev.labhand.tool.Role;
import dev.labhand.tool.Tool;
import dev.labhand.tool.ToolSpec;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code storage.acl action:show|grant|revoke location: [path:] [member:] [access:]} (instructors): a path's POSIX
 * ACL on ADLS Gen2, a member's access granted on it and everything under it (with default entries, so new files
 * inherit it), or taken away again.
 */
public final class AclTool implements Tool {
    static final Pattern LOCATION = Pattern.compile("[a-z][a-z0-9-]{1,30}[a-z0-9]");
    /** Anything printable; {@link StoragePaths} decides what is safe. */
    static final Pattern PATH = Pattern.compile("[^\\p{Cntrl}]{0,1024}");
    private static final ToolSpec SPEC = new ToolSpec("storage.acl", Risk.CHANGE, Role.INSTRUCTOR, List.of(
            Param.choice("action", List.of("show", "grant", "revoke")),
            Param.string("location", LOCATION),
            Param.string("path", PATH).optional(""),
            Param.member("member").optional(null),
            Param.choice("access", AdlsAccessControl.ACCESS).optional("rwx")),
            Duration.ofMinutes(15), false, false);

    private final StorageCatalog catalog;
    private final AdlsAccessControl acl;

    public AclTool(StorageCatalog catalog, AdlsAccessControl acl) {
        this.catalog = catalog;
        this.acl = acl;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public Risk risk(Args args) {
        return "show".equals(args.get("action")) ? Risk.READ : Risk.CHANGE;
    }

    @Override
    public Outcome check(Caller caller, Args args) {
        String action = args.get("action");
        Outcome refused = StorageAccess.checkRequest(catalog, caller, args.get("location"), args.getOr("path", ""),
                "show".equals(action) ? StorageAccess.Mode.READ : StorageAccess.Mode.WRITE);
        if (refused != null) return refused;
        if (catalog.find(args.get("location")).orElseThrow().kind() != StorageLocation.Kind.ADLS) {
            return new Outcome.Invalid(Messages.get(caller.locale(), "storage.acl.not-adls", "name", args.get("location")));
        }
        if (action.equals("show")) return null;
        String member = args.get("member");
        if (member == null || member.isBlank()) {
            return new Outcome.Invalid(Messages.get(caller.locale(), "storage.acl.member-needed", "action", action));
        }
        if (acl.principal(member).isEmpty()) {
            return new Outcome.Invalid(Messages.get(caller.locale(), "storage.acl.no-principal", "member", member, "id", member));
        }
        return null;
    }

    @Override
    public Outcome run(Invocation call) {
        Args a = call.args();
        StorageLocation location = catalog.require(a.get("location"), call.lang());
        String path = StoragePaths.normalise(a.getOr("path", "")).orElseThrow();
        String member = a.get("member");
        return switch (a.get("action")) {
            case "show" -> {
                var v = acl.show(location, path, call.lang());
                yield Outcome.Done.of(Messages.get(call.lang(), "storage.acl.view", "url", v.url(), "owner", v.owner(),
                        "group", v.group(), "permissions", v.permissions(), "entries", String.join("\n", v.entries())),
                        AdlsCommands.show(location, path));
            }
            case "grant" -> {
                String access = a.getOr("access", "rwx");
                call.progress().report(location.url(path));
                var c = acl.grant(location, path, member, access, call.lang());
                yield Outcome.Done.of(Messages.get(call.lang(), "storage.acl.granted", "member", member, "access", access,
                        "url", c.url(), "directories", c.directories(), "files", c.files(), "failures", c.failures()),
                        AdlsCommands.grant(location, path, acl.principal(member).orElseThrow(), access));
            }
            default -> {
                call.progress().report(location.url(path));
                var c = acl.revoke(location, path, member, call.lang());
                yield Outcome.Done.of(Messages.get(call.lang(), "storage.acl.revoked", "member", member, "url", c.url(),
                        "directories", c.directories(), "files", c.files(), "failures", c.failures()),
                        AdlsCommands.revoke(location, path, acl.principal(member).orElseThrow()));
            }
        };
    }
}
