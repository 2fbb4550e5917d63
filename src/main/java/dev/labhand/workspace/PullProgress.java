package dev.labhand.workspace;

import com.github.dockerjava.api.model.PullResponseItem;
import dev.labhand.i18n.Messages;
import dev.labhand.tool.Caller.Lang;
import dev.labhand.tool.Progress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Folds Docker's per-layer pull messages into one line ("3/7 layers, 512 MB of 2.1 GB"), reported at
 * most once a second, so a multi-gigabyte pull shows steady progress without flooding a chat.
 */
final class PullProgress {
    private final Lang lang;
    private final Progress progress;
    private final Map<String, long[]> layers = new LinkedHashMap<>();
    private final Map<String, Boolean> done = new LinkedHashMap<>();
    private long lastReport;

    PullProgress(Lang lang, Progress progress) {
        this.lang = lang;
        this.progress = progress;
    }

    void accept(PullResponseItem item) {
        String id = item.getId();
        String status = item.getStatus() == null ? "" : item.getStatus();
        if (id != null && !status.startsWith("Pulling from")) {
            var detail = item.getProgressDetail();
            if (detail != null && detail.getTotal() != null && detail.getTotal() > 0) {
                layers.put(id, new long[] {detail.getCurrent() == null ? 0 : detail.getCurrent(), detail.getTotal()});
            }
            done.putIfAbsent(id, false);
            if (status.startsWith("Pull complete") || status.startsWith("Already exists")) done.put(id, true);
        }
        long now = System.currentTimeMillis();
        if (now - lastReport >= 1000 && !done.isEmpty()) {
            lastReport = now;
            progress.report(line());
        }
    }

    void finish(String image) {
        progress.report(Messages.get(lang, "image.progress.done", "image", image));
    }

    String line() {
        long current = 0;
        long total = 0;
        for (Map.Entry<String, long[]> e : layers.entrySet()) {
            total += e.getValue()[1];
            current += Boolean.TRUE.equals(done.get(e.getKey())) ? e.getValue()[1] : e.getValue()[0];
        }
        long complete = done.values().stream().filter(Boolean::booleanValue).count();
        return Messages.get(lang, "image.progress.layers", "done", complete, "layers", done.size(),
                "current", human(current), "total", human(total));
    }

    static String human(long bytes) {
        if (bytes >= 1L << 30) return String.format("%.1f GB", bytes / (double) (1L << 30));
        if (bytes >= 1L << 20) return String.format("%.0f MB", bytes / (double) (1L << 20));
        return String.format("%.0f KB", bytes / 1024.0);
    }
}
