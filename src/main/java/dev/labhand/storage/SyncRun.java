package dev.labhand.storage;

import dev.labhand.i18n.Messages;
import dev.labhand.tool.Caller.Lang;
import dev.labhand.tool.Progress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** How far a sync's transfers got: counted as they finish, reported to the member at most every two seconds. */
public final class SyncRun {
    private static final long REPORT_EVERY_NANOS = Duration.ofSeconds(2).toNanos();
    private final SyncPlan plan;
    private final Progress progress;
    private final Lang lang;
    private final long started = System.nanoTime();
    private final AtomicInteger files = new AtomicInteger();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong lastReport = new AtomicLong(System.nanoTime());

    public SyncRun(SyncPlan plan, Progress progress, Lang lang) {
        this.plan = plan;
        this.progress = progress;
        this.lang = lang;
    }

    public void copied(long size) {
        files.incrementAndGet();
        bytes.addAndGet(size);
        long now = System.nanoTime();
        long last = lastReport.get();
        if (now - last >= REPORT_EVERY_NANOS && lastReport.compareAndSet(last, now)) {
            progress.report(Messages.get(lang, "storage.sync.progress", "files", files.get(),
                    "total", plan.copies().size(), "bytes", Sizes.human(bytes.get()), "all", Sizes.human(plan.bytes())));
        }
    }

    public int files() {
        return files.get();
    }

    public long bytes() {
        return bytes.get();
    }

    public double seconds() {
        return (System.nanoTime() - started) / 1e9;
    }
}
