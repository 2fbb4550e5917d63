package dev.labhand.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * A workspace's data folder on the bot's own machine, as a sync sees it: regular files (symbolic links are not
 * followed), with sizes and times, paths relative to the folder with '/'. Unfinished downloads (named
 * {@code .<name>.labhand-part}) are not files of the folder: a re-run writes them afresh.
 */
public final class LocalFolder {
    public static final String PART_SUFFIX = ".labhand-part";

    private LocalFolder() {}

    public static List<StorageEntry> list(Path folder) {
        List<StorageEntry> out = new ArrayList<>();
        if (!Files.isDirectory(folder)) return out;
        try {
            Files.walkFileTree(folder, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes a) {
                    if (!a.isRegularFile() || isPart(file)) return FileVisitResult.CONTINUE;
                    out.add(StorageEntry.file(relative(folder, file), a.size(), a.lastModifiedTime().toInstant()));
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Where a download of {@code file} is written until it is complete. */
    public static Path partOf(Path file) {
        return file.resolveSibling("." + file.getFileName() + PART_SUFFIX);
    }

    static boolean isPart(Path file) {
        String n = file.getFileName().toString();
        return n.startsWith(".") && n.endsWith(PART_SUFFIX);
    }

    private static String relative(Path folder, Path file) {
        return folder.relativize(file).toString().replace(java.io.File.separatorChar, '/');
    }
}
