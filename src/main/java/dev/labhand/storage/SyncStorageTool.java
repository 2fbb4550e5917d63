package dev.labhand.storage;

import dev.labhand.i18n.Messages;
import dev.labhand.storage.s3.S3Backend;
import dev.labhand.store.WorkspaceRecord;
import dev.labhand.tool.Args;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Invocation;
import dev.labhand.tool.Outcome;
import dev.labhand.tool.Param;
import dev.labhand.tool.Risk;
import dev.labhand.tool.Role;
import dev.labhand.tool.Tool;
import dev.labhand.tool.ToolSpec;
import dev.labhand.tool.UserError;
import dev.labhand.workspace.DockerHosts;
import dev.labhand.workspace.TeachingCommand;
import dev.labhand.workspace.WorkspaceService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code storage.sync location: direction:down|up workspace: [path:] [delete:true] [exclude:] [plan:true]}: the
 * folder {@code path} of an S3 location and the workspace's data folder made alike, as {@code aws s3 sync} does
 * (size and time). A learner syncs only their own workspaces (the gateway checks the owner) and, by default, their
 * own folder of the location. On the bot's machine the bot copies; on a remote host the host copies with
 * presigned URLs (see {@link HostTransfers}), so data never passes through the bot.
 */
public final class SyncStorageTool implements Tool {
    static final Pattern EXCLUDE = Pattern.compile("[^\\p{Cntrl}]{0,200}");
    private static final ToolSpec SPEC = ToolSpec.of("storage.sync", Risk.CHANGE, Role.LEARNER,
            Param.string("location", ListStorageTool.LOCATION), Param.choice("direction", List.of("down", "up")),
            Param.workspace("workspace"), Param.string("path", ListStorageTool.PATH).optional(""),
            Param.bool("delete"), Param.string("exclude", EXCLUDE).optional(""), Param.bool("plan"))
            .withTimeout(Duration.ofHours(3));
    static final int LISTED = 20;

    private final StorageCatalog catalog;
    private final S3Backend s3;
    private final WorkspaceService workspaces;

    public SyncStorageTool(StorageCatalog catalog, S3Backend s3, WorkspaceService workspaces) {
        this.catalog = catalog;
        this.s3 = s3;
        this.workspaces = workspaces;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    /** Deleting what the source lacks is confirmed (the question lists it); a plan changes nothing. */
    @Override
    public Risk risk(Args args) {
        if (args.flag("plan")) return Risk.READ;
        return args.flag("delete") ? Risk.DESTRUCTIVE : Risk.CHANGE;
    }

    @Override
    public Outcome check(Caller caller, Args args) {
        var mode = up(args) ? StorageAccess.Mode.WRITE : StorageAccess.Mode.READ;
        Outcome refused = StorageAccess.checkRequest(catalog, caller, args.get("location"), rawPath(caller, args), mode);
        if (refused != null) return refused;
        StorageLocation location = catalog.find(args.get("location")).orElseThrow();
        if (location.kind() != StorageLocation.Kind.S3) {
            return new Outcome.Invalid(Messages.get(caller.locale(), "storage.sync.s3-only", "name", location.name()));
        }
        return null;
    }

    @Override
    public String confirmationDetail(Caller caller, Args args) {
        try {
            SyncPlan plan = new Job(caller, args).plan();
            return Messages.get(caller.locale(), "storage.sync.will-delete", "count", plan.deletes().size(),
                    "names", names(plan.deletes()));
        } catch (RuntimeException e) {
            return null; // the run itself reports the trouble
        }
    }

    @Override
    public Outcome run(Invocation call) throws InterruptedException {
        Job job = new Job(call.caller(), call.args());
        SyncPlan plan = job.plan();
        String teaching = job.teaching();
        if (call.args().flag("plan") || plan.isEmpty()) {
            return Outcome.Done.of(Messages.get(call.lang(), plan.isEmpty() ? "storage.sync.nothing" : "storage.sync.plan",
                    "from", job.from(), "to", job.to(), "count", plan.copies().size(), "bytes", Sizes.human(plan.bytes()),
                    "names", names(plan.copies().stream().map(StorageEntry::path).toList()),
                    "deletes", plan.deletes().size(), "deleted", names(plan.deletes()), "same", plan.unchanged()), teaching);
        }
        SyncRun run = new SyncRun(plan, call.progress(), call.lang());
        job.transfer(plan, run);
        return Outcome.Done.of(Messages.get(call.lang(), "storage.sync.done", "from", job.from(), "to", job.to(),
                "files", run.files(), "bytes", Sizes.human(run.bytes()),
                "seconds", String.format(java.util.Locale.ROOT, "%.1f", run.seconds()),
                "rate", Sizes.rate(run.bytes(), run.seconds()), "deleted", plan.deletes().size(),
                "same", plan.unchanged()), teaching);
    }

    private static boolean up(Args args) {
        return "up".equals(args.get("direction"));
    }

    /** The folder in the location: what the member gave, or a learner's own folder when they gave none. */
    private static String rawPath(Caller caller, Args args) {
        String given = args.get("path");
        if ((given == null || given.isBlank()) && !caller.role().atLeast(Role.INSTRUCTOR)) {
            return StorageAccess.memberFolder(caller.id());
        }
        return given;
    }

    private static String names(List<String> paths) {
        if (paths.isEmpty()) return "-";
        String shown = String.join(", ", paths.subList(0, Math.min(LISTED, paths.size())));
        return paths.size() > LISTED ? shown + ", … (+" + (paths.size() - LISTED) + ")" : shown;
    }

    /** One sync request with everything it names resolved. */
    private final class Job {
        final Caller caller;
        final Args args;
        final StorageLocation location;
        final String prefix;
        final WorkspaceRecord workspace;
        final SyncPlan.Direction direction;

        Job(Caller caller, Args args) {
            this.caller = caller;
            this.args = args;
            this.location = catalog.require(args.get("location"), caller.locale());
            this.prefix = StoragePaths.asFolder(StoragePaths.normalise(rawPath(caller, args)).orElseThrow());
            this.workspace = workspaces.repository().byName(args.get("workspace")).orElseThrow(() ->
                    new UserError(Messages.get(caller.locale(), "ref.missing.workspace", "name", args.get("workspace"))));
            this.direction = up(args) ? SyncPlan.Direction.UP : SyncPlan.Direction.DOWN;
        }

        boolean local() {
            return workspace.host().equals(DockerHosts.LOCAL);
        }

        /** The workspace's data folder on its host: its first volume (the one templates call {@code work}). */
        String folder() {
            String volumes = workspaces.volumeDir(workspace);
            return workspaces.templates().find(workspace.template())
                    .filter(t -> !t.volumes().isEmpty())
                    .map(t -> volumes + "/" + t.volumes().get(0).name())
                    .orElse(volumes);
        }

        SyncPlan plan() {
            List<StorageEntry> remote;
            try {
                remote = readable(s3.listTree(location, prefix));
            } catch (StorageFailure f) {
                throw f.in(caller.locale());
            }
            List<StorageEntry> here = local() ? LocalFolder.list(Path.of(folder()))
                    : hostTransfers().list(folder());
            return SyncPlan.of(direction, here, remote, args.flag("delete"), SyncPlan.excluding(args.get("exclude")));
        }

        /**
         * Objects a download may write: their path is a safe relative path (a key such as {@code a/../../x} is
         * left out, never resolved) and the caller may read it.
         */
        private List<StorageEntry> readable(List<StorageEntry> objects) {
            List<StorageEntry> out = new ArrayList<>();
            for (StorageEntry o : objects) {
                var safe = StoragePaths.normalise(o.path());
                if (safe.isEmpty() || !safe.get().equals(o.path())) continue;
                if (!StorageAccess.visible(caller, location, prefix + o.path())) continue;
                out.add(o);
            }
            return out;
        }

        void transfer(SyncPlan plan, SyncRun run) throws InterruptedException {
            if (local()) {
                new LocalTransfers(s3).run(plan, location, prefix, Path.of(folder()), run, caller.locale());
            } else {
                hostTransfers().run(plan, location, prefix, folder(), run);
            }
        }

        HostTransfers hostTransfers() {
            return new HostTransfers(s3, workspaces.hosts().commands(workspace.host(), caller.locale()), caller.locale());
        }

        String remoteUrl() {
            return location.url(prefix);
        }

        String localName() {
            return Messages.get(caller.locale(), "storage.sync.workspace", "name", workspace.name());
        }

        String from() {
            return direction == SyncPlan.Direction.DOWN ? remoteUrl() : localName();
        }

        String to() {
            return direction == SyncPlan.Direction.DOWN ? localName() : remoteUrl();
        }

        String teaching() {
            List<String> argv = new ArrayList<>(List.of("aws", "s3", "sync"));
            String here = folder();
            if (direction == SyncPlan.Direction.DOWN) {
                argv.addAll(List.of(remoteUrl(), here));
            } else {
                argv.addAll(List.of(here, remoteUrl()));
            }
            if (args.flag("delete")) argv.add("--delete");
            for (String ex : args.get("exclude") == null ? new String[0] : args.get("exclude").split(",")) {
                if (!ex.isBlank()) argv.addAll(List.of("--exclude", ex.strip()));
            }
            if (args.flag("plan")) argv.add("--dryrun");
            return TeachingCommand.join(ListStorageTool.endpointed(location, argv));
        }
    }
}
