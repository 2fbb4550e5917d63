package dev.labhand.storage;

import dev.labhand.i18n.Messages;
import dev.labhand.storage.s3.S3Backend;
import dev.labhand.tool.Caller.Lang;
import dev.labhand.tool.UserError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Carries out a plan between a location and a folder on the bot's own machine, {@link S3Backend#CONCURRENCY}
 * transfers at a time. A download is written to {@code .<name>.labhand-part} and renamed when complete, then given
 * the object's time, so an interrupted run leaves nothing that looks complete and a re-run copies only what is
 * missing. The first failure stops new transfers; a disk that fills removes the partial file and names it.
 */
public final class LocalTransfers {
    private final S3Backend s3;

    public LocalTransfers(S3Backend s3) {
        this.s3 = s3;
    }

    /** @param prefix the synced folder in the location (relative to its root: empty or ending in '/') */
    public void run(SyncPlan plan, StorageLocation location, String prefix, Path folder, SyncRun run, Lang lang)
            throws InterruptedException {
        Path root = realFolder(folder);
        Semaphore slots = new Semaphore(S3Backend.CONCURRENCY);
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        List<CompletableFuture<?>> started = new ArrayList<>();
        for (StorageEntry copy : plan.copies()) {
            slots.acquire();
            if (failure.get() != null) {
                slots.release();
                break;
            }
            String key = location.key(prefix + copy.path());
            CompletableFuture<?> f;
            try {
                f = plan.direction() == SyncPlan.Direction.DOWN
                        ? download(location, key, root, copy, lang)
                        : s3.upload(location, key, root.resolve(copy.path()));
            } catch (RuntimeException e) {
                slots.release();
                failure.compareAndSet(null, e);
                break;
            }
            started.add(f.whenComplete((ok, e) -> {
                slots.release();
                if (e == null) {
                    run.copied(copy.size());
                } else {
                    failure.compareAndSet(null, explain(e, location, copy.path(), lang));
                }
            }));
        }
        for (CompletableFuture<?> f : started) {
            try {
                f.join();
            } catch (RuntimeException counted) {
                // recorded in failure by whenComplete
            }
        }
        if (failure.get() != null) throw failure.get();
        delete(plan, location, prefix, root);
    }

    private CompletableFuture<?> download(StorageLocation location, String key, Path root, StorageEntry copy, Lang lang) {
        Path target = root.resolve(copy.path());
        Path part;
        try {
            Path parent = Files.createDirectories(target.getParent());
            // a folder inside the workspace may be a link a member made: never write through it out of the folder
            if (!parent.toRealPath().startsWith(root)) {
                throw new UserError(Messages.get(lang, "storage.sync.outside", "path", copy.path()));
            }
            part = LocalFolder.partOf(target);
            Files.deleteIfExists(part);
        } catch (IOException e) {
            throw explain(e, location, copy.path(), lang);
        }
        return s3.download(location, key, part).handle((ok, e) -> {
            try {
                if (e != null) throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                Files.setLastModifiedTime(target, FileTime.from(copy.modified()));
                return null;
            } catch (IOException io) {
                throw new UncheckedIOException(io);
            } finally {
                if (e != null) {
                    try {
                        Files.deleteIfExists(part);
                    } catch (IOException ignored) {
                        // the next run writes it afresh
                    }
                }
            }
        });
    }

    private void delete(SyncPlan plan, StorageLocation location, String prefix, Path root) {
        if (plan.deletes().isEmpty()) return;
        if (plan.direction() == SyncPlan.Direction.UP) {
            s3.delete(location, plan.deletes().stream().map(p -> location.key(prefix + p)).toList());
            return;
        }
        for (String p : plan.deletes()) {
            try {
                Files.deleteIfExists(root.resolve(p));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static Path realFolder(Path folder) {
        try {
            return Files.createDirectories(folder).toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A transfer's failure in the member's words: a full disk names the file, S3's refusals say what to do. */
    static RuntimeException explain(Throwable e, StorageLocation location, String path, Lang lang) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UserError u) return u;
            String m = t.getMessage();
            if ((t instanceof IOException || t instanceof UncheckedIOException) && m != null
                    && (m.contains("No space left") || m.contains("Disk quota"))) {
                return new UserError(Messages.get(lang, "storage.sync.disk-full", "path", path), e);
            }
            if (t instanceof FileSystemException fs && fs.getReason() != null && fs.getReason().contains("No space left")) {
                return new UserError(Messages.get(lang, "storage.sync.disk-full", "path", path), e);
            }
        }
        RuntimeException s3Says = S3Backend.explain(e, location);
        String reason = s3Says instanceof StorageFailure f ? f.in(lang).getMessage() : s3Says.getMessage();
        return new UserError(Messages.get(lang, "storage.sync.file-failed", "path", path, "reason", reason), e);
    }
}
