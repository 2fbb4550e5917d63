package dev.labhand.storage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * What a sync would do, decided as {@code aws s3 sync} decides it: a file is copied when the other side lacks it,
 * its size differs, or its time says it changed (up: the local file is newer than the object; down: the file's
 * time is not the object's, since a download sets it to the object's LastModified as awscli does, so a re-run
 * copies nothing). With delete, what the destination has and the source lacks goes. Excluded paths are neither
 * copied nor deleted. Paths are relative to the synced folder.
 */
public record SyncPlan(Direction direction, List<StorageEntry> copies, List<String> deletes, int unchanged) {

    public enum Direction { DOWN, UP }

    public long bytes() {
        return copies.stream().mapToLong(StorageEntry::size).sum();
    }

    public boolean isEmpty() {
        return copies.isEmpty() && deletes.isEmpty();
    }

    /**
     * @param local  the workspace folder's files
     * @param remote the location's objects
     */
    public static SyncPlan of(Direction direction, List<StorageEntry> local, List<StorageEntry> remote,
                              boolean delete, Predicate<String> excluded) {
        Map<String, StorageEntry> l = byPath(local);
        Map<String, StorageEntry> r = byPath(remote);
        Map<String, StorageEntry> source = direction == Direction.UP ? l : r;
        Map<String, StorageEntry> destination = direction == Direction.UP ? r : l;
        List<StorageEntry> copies = new ArrayList<>();
        int unchanged = 0;
        for (StorageEntry s : source.values()) {
            if (excluded.test(s.path())) continue;
            StorageEntry d = destination.get(s.path());
            if (d == null || d.size() != s.size() || changed(direction, direction == Direction.UP ? s : d,
                    direction == Direction.UP ? d : s)) {
                copies.add(s);
            } else {
                unchanged++;
            }
        }
        List<String> deletes = new ArrayList<>();
        if (delete) {
            for (String path : destination.keySet()) {
                if (!source.containsKey(path) && !excluded.test(path)) deletes.add(path);
            }
        }
        copies.sort(Comparator.comparing(StorageEntry::path));
        return new SyncPlan(direction, List.copyOf(copies), List.copyOf(deletes), unchanged);
    }

    private static boolean changed(Direction direction, StorageEntry local, StorageEntry remote) {
        long l = seconds(local.modified());
        long r = seconds(remote.modified());
        return direction == Direction.UP ? l > r : l != r;
    }

    private static long seconds(Instant t) {
        return t == null ? 0 : t.getEpochSecond();
    }

    private static Map<String, StorageEntry> byPath(List<StorageEntry> entries) {
        Map<String, StorageEntry> out = new TreeMap<>();
        for (StorageEntry e : entries) if (!e.isFolder()) out.put(e.path(), e);
        return out;
    }

    /**
     * {@code --exclude} patterns as awscli reads them (fnmatch: '*' also crosses '/', '?' one character), several
     * separated by commas; a path is excluded when any pattern matches the whole of it.
     */
    public static Predicate<String> excluding(String patterns) {
        if (patterns == null || patterns.isBlank()) return p -> false;
        List<Pattern> compiled = new ArrayList<>();
        for (String glob : patterns.split(",")) {
            String g = glob.strip();
            if (g.isEmpty()) continue;
            StringBuilder re = new StringBuilder();
            for (char c : g.toCharArray()) {
                switch (c) {
                    case '*' -> re.append(".*");
                    case '?' -> re.append('.');
                    default -> re.append(Pattern.quote(String.valueOf(c)));
                }
            }
            compiled.add(Pattern.compile(re.toString()));
        }
        return p -> compiled.stream().anyMatch(c -> c.matcher(p).matches());
    }
}
