package dev.labhand.storage;

import dev.labhand.i18n.Messages;
import dev.labhand.storage.s3.S3Backend;
import dev.labhand.tool.Caller.Lang;
import dev.labhand.tool.UserError;
import dev.labhand.workspace.DockerEngine;
import dev.labhand.workspace.HostCommands;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A sync whose folder is on a remote host: the bot lists the folder with one SSH {@code find}, plans, and hands the
 * host presigned URLs, so the host's {@code curl} moves the data straight between S3 and its disk (eight at a time,
 * {@code xargs -P 8}) and no credentials leave the bot. A download is written to {@code .<name>.labhand-part},
 * renamed when complete and given the object's time, as on the bot's own machine.
 */
public final class HostTransfers {
    /** URLs per SSH command: the command line stays well under the host's 128 KiB argument limit. */
    static final int BATCH = 80;
    static final int PARALLEL = 8;
    private static final Duration URL_VALID = Duration.ofHours(1);
    private static final Duration BATCH_TIMEOUT = Duration.ofMinutes(60);

    static final String LIST = "mkdir -p -- \"$0\" && cd -- \"$0\" && find . -type f ! -name '.*" + LocalFolder.PART_SUFFIX
            + "' -printf '%P\\t%s\\t%T@\\n'";
    /**
     * Each download: its folder made and checked to be inside the data folder once links are followed (a member may
     * have made a link in their workspace; the host's admin user must never write through it), any leftover partial
     * file removed (it may be a link too), then curl, rename and the object's time.
     */
    static final String DOWN = "cd -- \"$0\" || exit 1; LH_ROOT=$(pwd -P); export LH_ROOT;"
            + " while [ $# -gt 0 ]; do printf '%s\\0%s\\0%s\\0' \"$1\" \"$2\" \"$3\"; shift 3; done"
            + " | xargs -0 -n 3 -P " + PARALLEL + " sh -c 'd=$(dirname -- \"$1\"); p=\"$d/.$(basename -- \"$1\")" + LocalFolder.PART_SUFFIX + "\";"
            + " mkdir -p -- \"$d\" && r=$(cd -- \"$d\" && pwd -P) && case \"$r/\" in \"$LH_ROOT\"/*) ;; *) false ;; esac"
            + " && rm -f -- \"$p\" && curl -fsS --retry 5 -o \"$p\" \"$0\" && mv -f -- \"$p\" \"$1\" && touch -h -d \"@$2\" -- \"$1\""
            + " || { rm -f -- \"$p\"; echo \"labhand-failed $1\" >&2; exit 255; }'";
    static final String UP = "cd -- \"$0\" || exit 1; while [ $# -gt 0 ]; do printf '%s\\0%s\\0' \"$1\" \"$2\"; shift 2; done"
            + " | xargs -0 -n 2 -P " + PARALLEL + " sh -c 'curl -fsS --retry 5 -X PUT -T \"$1\" \"$0\" >/dev/null"
            + " || { echo \"labhand-failed $1\" >&2; exit 255; }'";

    private final S3Backend s3;
    private final HostCommands host;
    private final Lang lang;

    public HostTransfers(S3Backend s3, HostCommands host, Lang lang) {
        this.s3 = s3;
        this.host = host;
        this.lang = lang;
    }

    /** The folder's files (made when missing), as one {@code find} reports them. */
    public List<StorageEntry> list(String folder) {
        DockerEngine.ExecResult r = exec(List.of("sh", "-c", LIST, folder), Duration.ofMinutes(5));
        List<StorageEntry> out = new ArrayList<>();
        for (String line : r.output().split("\n")) {
            String[] f = line.split("\t");
            if (f.length != 3) continue;
            double t = Double.parseDouble(f[2]);
            out.add(StorageEntry.file(f[0], Long.parseLong(f[1]),
                    Instant.ofEpochSecond((long) Math.floor(t), (long) ((t - Math.floor(t)) * 1e9))));
        }
        return out;
    }

    public void run(SyncPlan plan, StorageLocation location, String prefix, String folder, SyncRun run) {
        boolean down = plan.direction() == SyncPlan.Direction.DOWN;
        List<StorageEntry> copies = plan.copies();
        if (!copies.isEmpty() && !hasCurl()) {
            throw new UserError(Messages.get(lang, "storage.sync.host-needs", "program", "curl"));
        }
        for (int i = 0; i < copies.size(); i += BATCH) {
            List<StorageEntry> batch = copies.subList(i, Math.min(copies.size(), i + BATCH));
            List<String> argv = new ArrayList<>(List.of("sh", "-c", down ? DOWN : UP, folder));
            for (StorageEntry c : batch) {
                String key = location.key(prefix + c.path());
                argv.add(s3.presign(location, key, !down, URL_VALID).toString());
                argv.add(c.path());
                if (down) argv.add(Long.toString(c.modified() == null ? 0 : c.modified().getEpochSecond()));
            }
            exec(argv, BATCH_TIMEOUT);
            batch.forEach(c -> run.copied(c.size()));
        }
        if (plan.deletes().isEmpty()) return;
        if (!down) {
            s3.delete(location, plan.deletes().stream().map(p -> location.key(prefix + p)).toList());
            return;
        }
        for (int i = 0; i < plan.deletes().size(); i += 200) {
            List<String> argv = new ArrayList<>(List.of("sh", "-c", "cd -- \"$0\" && rm -f -- \"$@\"", folder));
            argv.addAll(plan.deletes().subList(i, Math.min(plan.deletes().size(), i + 200)));
            exec(argv, Duration.ofMinutes(5));
        }
    }

    private boolean hasCurl() {
        try {
            return host.has("curl");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError(Messages.get(lang, "storage.sync.interrupted"));
        }
    }

    private DockerEngine.ExecResult exec(List<String> argv, Duration timeout) {
        DockerEngine.ExecResult r;
        try {
            r = host.run(argv, timeout, 8 * 1024 * 1024);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError(Messages.get(lang, "storage.sync.interrupted"));
        }
        if (r.exitCode() == null || r.exitCode() != 0) {
            String failed = r.output().lines().filter(l -> l.startsWith("labhand-failed ")).findFirst()
                    .map(l -> l.substring("labhand-failed ".length())).orElse("");
            if (r.exitCode() != null && r.exitCode() == 127) {
                throw new UserError(Messages.get(lang, "storage.sync.host-needs", "program", "curl"));
            }
            throw new UserError(Messages.get(lang, "storage.sync.host-failed", "path", failed,
                    "code", String.valueOf(r.exitCode())));
        }
        return r;
    }
}
