package dev.labhand.storage;

import dev.labhand.i18n.Messages;
import dev.labhand.tool.Args;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Invocation;
import dev.labhand.tool.Outcome;
import dev.labhand.tool.Param;
import dev.labhand.tool.Risk;
import dev.labhand.tool.Role;
import dev.labhand.tool.Tool;
import dev.labhand.tool.ToolSpec;
import dev.labhand.workspace.TeachingCommand;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code storage.list location: [path:]}: one folder of a location with sizes and times, folders first, like
 * Storage Explorer's view. A learner sees only what they may read (other members' folders are left out).
 */
public final class ListStorageTool implements Tool {
    /** Location names as the configuration spells them. */
    static final Pattern LOCATION = Pattern.compile("[a-z][a-z0-9-]{0,62}");
    /** A relative path; {@link StoragePaths} decides whether it is safe. */
    static final Pattern PATH = Pattern.compile("[^\\p{Cntrl}]{0,256}");
    static final int SHOWN = 60;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);
    private static final ToolSpec SPEC = ToolSpec.of("storage.list", Risk.READ, Role.LEARNER,
            Param.string("location", LOCATION), Param.string("path", PATH).optional(""));

    private final StorageCatalog catalog;
    private final StorageBackends backends;

    public ListStorageTool(StorageCatalog catalog, StorageBackends backends) {
        this.catalog = catalog;
        this.backends = backends;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public Outcome check(Caller caller, Args args) {
        return StorageAccess.checkRequest(catalog, caller, args.get("location"), args.get("path"), StorageAccess.Mode.READ);
    }

    @Override
    public Outcome run(Invocation call) {
        StorageLocation location = catalog.require(call.args().get("location"), call.lang());
        String folder = StoragePaths.asFolder(StoragePaths.normalise(call.args().get("path")).orElseThrow());
        List<StorageEntry> entries;
        try {
            entries = backends.forLocation(location, call.lang()).list(location, folder).stream()
                    .filter(e -> StorageAccess.visible(call.caller(), location, e.path())).toList();
        } catch (StorageFailure f) {
            throw f.in(call.lang());
        }
        return Outcome.Done.of(render(location, folder, entries, call.lang()), teaching(location, folder));
    }

    static String render(StorageLocation location, String folder, List<StorageEntry> entries, Caller.Lang lang) {
        StringBuilder sb = new StringBuilder(Messages.get(lang, "storage.list.title", "url", location.url(folder)));
        if (entries.isEmpty()) return sb.append('\n').append(Messages.get(lang, "storage.list.empty")).toString();
        long files = entries.stream().filter(e -> !e.isFolder()).count();
        long bytes = entries.stream().mapToLong(StorageEntry::size).sum();
        for (StorageEntry e : entries.subList(0, Math.min(SHOWN, entries.size()))) {
            sb.append('\n');
            if (e.isFolder()) {
                sb.append("📁 ").append(e.name());
            } else {
                sb.append("   ").append(e.name()).append("  ").append(Sizes.human(e.size()))
                        .append("  ").append(e.modified() == null ? "" : TIME.format(e.modified()));
            }
        }
        if (entries.size() > SHOWN) {
            sb.append('\n').append(Messages.get(lang, "storage.list.more", "count", entries.size() - SHOWN));
        }
        sb.append('\n').append(Messages.get(lang, "storage.list.summary", "folders", entries.size() - files,
                "files", files, "bytes", Sizes.human(bytes)));
        return sb.toString();
    }

    /** The command the course uses for the same view. */
    static String teaching(StorageLocation location, String folder) {
        return switch (location.kind()) {
            case S3 -> TeachingCommand.join(endpointed(location, List.of("aws", "s3", "ls", "--human-readable",
                    location.url(folder))));
            case ADLS -> TeachingCommand.join(List.of("az", "storage", "fs", "file", "list", "--file-system",
                    location.container(), "--path", location.key(folder).isEmpty() ? "/" : location.key(folder),
                    "--account-name", location.account(), "--recursive", "false", "--auth-mode", "login"));
        };
    }

    /** {@code aws … --endpoint-url E} when the location is not AWS's own S3. */
    static List<String> endpointed(StorageLocation location, List<String> argv) {
        if (location.endpoint().isEmpty()) return argv;
        var out = new java.util.ArrayList<>(argv);
        out.addAll(List.of("--endpoint-url", location.endpoint()));
        return out;
    }
}
