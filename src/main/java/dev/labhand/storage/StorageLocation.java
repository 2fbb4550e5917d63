package dev.labhand.storage;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One named place in cloud storage: an S3 bucket and prefix, or an ADLS Gen2 filesystem and directory.
 * Paths members give are relative to {@link #root()}; {@link #key} turns one into the object key or path.
 *
 * @param name         the catalog name members type ({@code course-data})
 * @param kind         S3 or ADLS
 * @param container    the bucket (S3) or filesystem (ADLS)
 * @param account      the storage account (ADLS); empty for S3
 * @param root         the prefix inside the container, without leading or trailing '/'; empty: the whole container
 * @param endpoint     an endpoint replacing the cloud's (MinIO, Azurite, tests); empty: the cloud's own
 * @param region       the S3 region
 * @param learnerRead  prefixes (relative to root, ending in '/') a learner may read; may contain {@code {member}}
 * @param learnerWrite prefixes a learner may write and delete under
 */
public record StorageLocation(String name, Kind kind, String container, String account, String root,
                              String endpoint, String region, List<String> learnerRead, List<String> learnerWrite) {

    public enum Kind { S3, ADLS }

    private static final Pattern S3 = Pattern.compile("s3://([^/]+)(?:/(.*))?");
    private static final Pattern ABFSS = Pattern.compile("abfss://([^@]+)@([^.]+)\\.dfs\\.core\\.windows\\.net(?:/(.*))?");

    public StorageLocation {
        learnerRead = List.copyOf(learnerRead);
        learnerWrite = List.copyOf(learnerWrite);
    }

    /** Parses a URL the configuration has already checked the shape of. */
    static StorageLocation parse(String name, String url, String endpoint, String region, List<String> read,
                                 List<String> write) {
        Matcher s3 = S3.matcher(url);
        if (s3.matches()) {
            return new StorageLocation(name, Kind.S3, s3.group(1), "", trim(s3.group(2)), endpoint, region, read, write);
        }
        Matcher adls = ABFSS.matcher(url);
        if (adls.matches()) {
            return new StorageLocation(name, Kind.ADLS, adls.group(1), adls.group(2), trim(adls.group(3)), endpoint,
                    region, read, write);
        }
        throw new IllegalArgumentException("not a storage URL: " + url);
    }

    /** The object key (S3) or path inside the filesystem (ADLS) of a relative path from {@link StoragePaths}. */
    public String key(String relative) {
        if (root.isEmpty()) return relative;
        return relative.isEmpty() ? root + "/" : root + "/" + relative;
    }

    /** The location's URL with a relative path, as the course's commands write it ({@code s3://bucket/prefix/path}). */
    public String url(String relative) {
        String path = key(relative);
        return switch (kind) {
            case S3 -> "s3://" + container + (path.isEmpty() ? "" : "/" + path);
            case ADLS -> "abfss://" + container + "@" + account + ".dfs.core.windows.net" + (path.isEmpty() ? "" : "/" + path);
        };
    }

    private static String trim(String path) {
        if (path == null) return "";
        String p = path;
        while (p.endsWith("/")) p = p.substring(0, p.length() - 1);
        return p;
    }
}
