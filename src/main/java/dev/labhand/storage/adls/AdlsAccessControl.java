package dev.labhand.storage.adls;

import com.azure.core.util.Context;
import com.azure.storage.file.datalake.DataLakeDirectoryClient;
import com.azure.storage.file.datalake.models.AccessControlChangeResult;
import com.azure.storage.file.datalake.models.PathAccessControl;
import com.azure.storage.file.datalake.models.PathAccessControlEntry;
import com.azure.storage.file.datalake.models.PathRemoveAccessControlEntry;
import com.azure.storage.file.datalake.options.PathRemoveAccessControlRecursiveOptions;
import com.azure.storage.file.datalake.options.PathUpdateAccessControlRecursiveOptions;
import dev.labhand.i18n.Messages;
import dev.labhand.storage.StorageCatalog;
import dev.labhand.storage.StorageLocation;
import dev.labhand.tool.Caller.Lang;
import dev.labhand.tool.MemberNames;
import dev.labhand.tool.UserError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Module 11 POSIX ACLs of ADLS Gen2, per member: a grant adds {@code user:<object id>:<perms>} and the same
 * default entry (so files made later inherit it) to a path and everything under it, plus {@code --x} on the
 * directories above so the member can reach it; a revoke removes both entries from the path and everything under it.
 * ACL entries name Azure AD object ids, which the configuration maps from member ids
 * ({@code storage.adls.principals}).
 */
public final class AdlsAccessControl {
    /** What a member may do: the three permission sets the course uses. */
    public static final List<String> ACCESS = List.of("rwx", "r-x", "r--");
    private static final int BATCH = 2000;

    private final AdlsClients clients;
    private final StorageCatalog catalog;
    private final Map<String, String> principals;
    private final String instructorsGroup;
    private final MemberNames names;
    private final int batchSize;

    public AdlsAccessControl(AdlsClients clients, StorageCatalog catalog, Map<String, String> principals,
                             String instructorsGroup, MemberNames names) {
        this(clients, catalog, principals, instructorsGroup, names, BATCH);
    }

    /** With the number of paths one recursive request changes (the service's continuation shows past it). */
    AdlsAccessControl(AdlsClients clients, StorageCatalog catalog, Map<String, String> principals,
                      String instructorsGroup, MemberNames names, int batchSize) {
        this.clients = clients;
        this.catalog = catalog;
        this.principals = Map.copyOf(principals);
        this.instructorsGroup = instructorsGroup == null ? "" : instructorsGroup;
        this.names = names;
        this.batchSize = batchSize;
    }

    /** A path's ACL as the service keeps it. */
    public record View(String url, String owner, String group, String permissions, List<String> entries) {}

    /** What a recursive change touched. */
    public record Change(String url, long directories, long files, long failures) {}

    /** What {@link #revokeEverywhere} did in one location: {@code done} false when it could not (the text says why). */
    public record Revoked(String location, String url, boolean done, String text) {}

    /** The member's Azure AD object id, if the configuration maps one. */
    public Optional<String> principal(String memberId) {
        return Optional.ofNullable(principals.get(memberId));
    }

    public View show(StorageLocation location, String relative, Lang lang) {
        String url = location.url(relative);
        try {
            PathAccessControl acl = directory(location, relative).getAccessControl();
            List<String> entries = new ArrayList<>();
            for (PathAccessControlEntry e : acl.getAccessControlList()) entries.add(describe(e.toString()));
            return new View(url, describe(acl.getOwner()), describe(acl.getGroup()),
                    symbolic(acl.getPermissions()), entries);
        } catch (RuntimeException e) {
            throw AdlsErrors.explain(e, location, url, lang);
        }
    }

    /** Grants {@code access} ({@code rwx}, {@code r-x}, {@code r--}) to the member on the path and below. */
    public Change grant(StorageLocation location, String relative, String memberId, String access, Lang lang) {
        String id = required(memberId, lang);
        String url = location.url(relative);
        String path = AdlsPaths.path(location, relative);
        try {
            for (String above : AdlsPaths.ancestors(path)) traverse(location, above, id);
            var entries = PathAccessControlEntry.parseList(AdlsAcls.userEntries(id, access));
            var options = new PathUpdateAccessControlRecursiveOptions(entries).setBatchSize(batchSize);
            AccessControlChangeResult r = clients.fileSystem(location).getDirectoryClient(path)
                    .updateAccessControlRecursiveWithResponse(options, null, Context.NONE).getValue();
            return change(url, r);
        } catch (RuntimeException e) {
            throw AdlsErrors.explain(e, location, url, lang);
        }
    }

    /** Removes the member's entries (access and default) from the path and everything under it. */
    public Change revoke(StorageLocation location, String relative, String memberId, Lang lang) {
        String id = required(memberId, lang);
        String url = location.url(relative);
        try {
            var entries = PathRemoveAccessControlEntry.parseList(AdlsAcls.userRemoval(id));
            var options = new PathRemoveAccessControlRecursiveOptions(entries).setBatchSize(batchSize);
            AccessControlChangeResult r = directory(location, relative)
                    .removeAccessControlRecursiveWithResponse(options, null, Context.NONE).getValue();
            return change(url, r);
        } catch (RuntimeException e) {
            throw AdlsErrors.explain(e, location, url, lang);
        }
    }

    /**
     * Removes the member's entries from every ADLS location of the catalog, root down: what {@code account.revoke}
     * calls when a member leaves. Never throws for one location's failure; each location says what happened.
     */
    public List<Revoked> revokeEverywhere(String memberId, Lang lang) {
        List<Revoked> out = new ArrayList<>();
        for (String name : catalog.names()) {
            StorageLocation location = catalog.find(name).orElseThrow();
            if (location.kind() != StorageLocation.Kind.ADLS) continue;
            String url = location.url("");
            if (principal(memberId).isEmpty()) {
                out.add(new Revoked(name, url, false, Messages.get(lang, "storage.acl.no-principal", "member",
                        names.nameOf(memberId), "id", memberId)));
                continue;
            }
            try {
                Change c = revoke(location, "", memberId, lang);
                out.add(new Revoked(name, url, c.failures() == 0, Messages.get(lang, "storage.acl.revoked", "url", url,
                        "member", names.nameOf(memberId), "directories", c.directories(), "files", c.files(),
                        "failures", c.failures())));
            } catch (UserError e) {
                out.add(new Revoked(name, url, false, e.getMessage()));
            }
        }
        return out;
    }

    /** In English, for callers without a member's language (the accounts helper's revoker). */
    public List<Revoked> revokeEverywhere(String memberId) {
        return revokeEverywhere(memberId, Lang.EN);
    }

    /** Adds execute for the member on one directory above a grant, keeping what it has. */
    private void traverse(StorageLocation location, String path, String id) {
        DataLakeDirectoryClient dir = clients.fileSystem(location).getDirectoryClient(path);
        PathAccessControl acl = dir.getAccessControl();
        String merged = AdlsAcls.withExecute(PathAccessControlEntry.serializeList(acl.getAccessControlList()), id);
        if (merged != null) dir.setAccessControlList(PathAccessControlEntry.parseList(merged), null, null);
    }

    private DataLakeDirectoryClient directory(StorageLocation location, String relative) {
        return clients.fileSystem(location).getDirectoryClient(AdlsPaths.path(location, relative));
    }

    private String required(String memberId, Lang lang) {
        return principal(memberId).orElseThrow(() -> UserError.beforeActing(Messages.get(lang,
                "storage.acl.no-principal", "member", names.nameOf(memberId), "id", memberId), null));
    }

    /** {@code rwxr-x---+} as {@code ls -l} and Storage Explorer show it ('+': named entries in the ACL). */
    private static String symbolic(com.azure.storage.file.datalake.models.PathPermissions p) {
        if (p == null) return "";
        return p.getOwner().toSymbolic() + p.getGroup().toSymbolic() + p.getOther().toSymbolic()
                + (p.isExtendedInfoInAcl() ? "+" : "");
    }

    private static Change change(String url, AccessControlChangeResult r) {
        var c = r.getCounters();
        return new Change(url, c.getChangedDirectoriesCount(), c.getChangedFilesCount(), c.getFailedChangesCount());
    }

    /** An entry or owner with the member's or group's name beside the object id it names. */
    private String describe(String text) {
        if (text == null) return "";
        String out = text;
        for (var e : principals.entrySet()) {
            if (out.contains(e.getValue())) out = out.replace(e.getValue(), e.getValue() + " (" + names.nameOf(e.getKey()) + ")");
        }
        if (!instructorsGroup.isEmpty() && out.contains(instructorsGroup)) {
            out = out.replace(instructorsGroup, instructorsGroup + " (instructors)");
        }
        return out;
    }
}
