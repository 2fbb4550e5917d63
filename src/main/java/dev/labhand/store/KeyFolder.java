package dev.labhand.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The folder that holds Labhand's keys, kept outside the database: the audit signing key and the key that
 * encrypts workspace secrets at rest. The folder is created 0700 and each key file 0600; a key is made on
 * first use, and a second process making it at the same moment loses the race and reads the winner's.
 */
public final class KeyFolder {
    private final Path dir;

    public KeyFolder(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    public Path dir() {
        return dir;
    }

    public Path file(String name) {
        return dir.resolve(name);
    }

    /** The key file's bytes, generating and storing them (0600) the first time. */
    public byte[] loadOrCreate(String name, Supplier<byte[]> generate) {
        Path file = file(name);
        try {
            if (Files.isRegularFile(file)) return Files.readAllBytes(file);
            createDir();
            byte[] fresh = generate.get();
            Path tmp = Files.createTempFile(dir, name, ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(tmp, fresh, StandardOpenOption.TRUNCATE_EXISTING);
            try {
                // a hard link fails when the name exists: exactly one process's key wins
                Files.createLink(file, tmp);
                return fresh;
            } catch (FileAlreadyExistsException lost) {
                return Files.readAllBytes(file);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the key " + file + ": " + e.getMessage(), e);
        }
    }

    /** A file's bytes if it exists: verifying needs only the public key, and never creates one. */
    public Optional<byte[]> read(String name) {
        Path file = file(name);
        try {
            return Files.isRegularFile(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes a public (non-secret) file next to the keys, readable by all, if it is not there yet. */
    public void writePublic(String name, byte[] content) {
        Path file = file(name);
        try {
            createDir();
            if (!Files.exists(file)) Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private void createDir() throws IOException {
        if (Files.isDirectory(dir)) return;
        try {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createDirectories(dir);
        }
    }
}
