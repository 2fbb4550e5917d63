package dev.labhand.storage;

import dev.labhand.i18n.Messages;
import dev.labhand.tool.Caller;
import dev.labhand.tool.MemberIds;
import dev.labhand.tool.Outcome;
import dev.labhand.tool.Role;
import java.util.List;

/**
 * Who may read or write where inside a location. Instructors and admins reach everything the location holds;
 * a learner reaches the prefixes the configuration lists ({@code shared/} to read, {@code members/<own id>/} to
 * read and write by default). Storage tools call {@link #check} from {@code Tool.check}, so the gateway refuses
 * (and audits) a request before anything is listed, copied or deleted, whatever front end it came from.
 */
public final class StorageAccess {
    public enum Mode { READ, WRITE }

    private StorageAccess() {}

    /**
     * The whole check a storage tool makes in {@code Tool.check}: the location exists, the path is safe, and the
     * caller may use it this way. Null when all three hold.
     */
    public static Outcome checkRequest(StorageCatalog catalog, Caller caller, String locationName, String rawPath,
                                       Mode mode) {
        var location = catalog.find(locationName);
        if (location.isEmpty()) return new Outcome.Invalid(catalog.unknown(locationName, caller.locale()));
        var path = StoragePaths.normalise(rawPath);
        if (path.isEmpty()) {
            return new Outcome.Invalid(Messages.get(caller.locale(), "storage.path.invalid", "path", clip(rawPath)));
        }
        return check(caller, location.get(), path.get(), mode);
    }

    private static String clip(String raw) {
        String printable = raw.replaceAll("\\p{Cntrl}|\\p{Cf}", "?");
        return printable.length() > 80 ? printable.substring(0, 80) + "…" : printable;
    }

    /** Null when {@code caller} may use {@code path} (normalised) this way; else the refusal to answer with. */
    public static Outcome check(Caller caller, StorageLocation location, String path, Mode mode) {
        if (caller.role().atLeast(Role.INSTRUCTOR)) return null;
        String folder = StoragePaths.asFolder(path);
        for (String prefix : prefixes(caller, location, mode)) {
            if (folder.startsWith(prefix)) return null;
            // reading a folder above one's own lets a learner browse down to it; listings are filtered by visible()
            if (mode == Mode.READ && prefix.startsWith(folder)) return null;
        }
        return new Outcome.Denied(Messages.get(caller.locale(),
                mode == Mode.READ ? "storage.denied.read" : "storage.denied.write",
                "path", location.url(path), "allowed", String.join(", ", prefixes(caller, location, mode))));
    }

    /**
     * Whether an entry of a listing ({@code key} relative to the location, folders ending in '/') may be shown to
     * {@code caller}: inside a readable prefix, or a folder on the way down to one. Other members' folders are not.
     */
    public static boolean visible(Caller caller, StorageLocation location, String key) {
        if (caller.role().atLeast(Role.INSTRUCTOR)) return true;
        for (String prefix : prefixes(caller, location, Mode.READ)) {
            if (key.startsWith(prefix)) return true;
            if (key.endsWith("/") && prefix.startsWith(key)) return true;
        }
        return false;
    }

    /** The prefixes a learner may use this way, with {@code {member}} filled in; writable ones are readable too. */
    public static List<String> prefixes(Caller caller, StorageLocation location, Mode mode) {
        String member = MemberIds.folder(caller.id());
        List<String> declared = mode == Mode.WRITE ? location.learnerWrite()
                : java.util.stream.Stream.concat(location.learnerRead().stream(), location.learnerWrite().stream())
                        .distinct().toList();
        return declared.stream().map(p -> p.replace("{member}", member)).toList();
    }

    /** A learner's own folder in a location (what {@code account.revoke} resets): {@code members/<id>/}. */
    public static String memberFolder(String memberId) {
        return "members/" + MemberIds.folder(memberId) + "/";
    }
}
