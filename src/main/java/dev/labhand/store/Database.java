package dev.labhand.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import org.flywaydb.core.Flyway;

/**
 * The SQLite file, shared by several processes (the Discord bot, a console, cron's {@code audit verify},
 * a health check's {@code doctor}). Inside this process one connection is used under one lock. Between
 * processes, {@link #tx} takes SQLite's write lock up front ({@code BEGIN IMMEDIATE}), so a transaction
 * never fails half-way because another process wrote first, and a busy database is waited for and retried
 * with a bounded back-off: a member never sees an internal error because someone else was writing.
 * {@link #read} is a plain (deferred) transaction: in WAL mode it never waits for a writer.
 */
public final class Database implements AutoCloseable {
    /** How long a transaction keeps retrying a busy database before giving up with {@link BusyException}. */
    static final Duration BUSY_BUDGET = Duration.ofSeconds(45);

    private final Connection connection;
    private final Path file;
    private final ReentrantLock lock = new ReentrantLock();

    /** A unit of work inside one transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** The database stayed locked by another process for longer than {@link #BUSY_BUDGET}. */
    public static final class BusyException extends StoreException implements dev.labhand.tool.RetryLater {
        BusyException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private Database(Connection connection, Path file) {
        this.connection = connection;
        this.file = file;
    }

    /** Opens (creating when needed, readable by its owner only) and migrates the database. */
    public static Database open(Path file) {
        Path path = file.toAbsolutePath();
        try {
            Path parent = path.getParent();
            if (parent != null) Files.createDirectories(parent);
            createPrivately(path);
            String url = "jdbc:sqlite:" + path;
            migrate(path, url);
            Connection c = DriverManager.getConnection(url);
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout=5000");
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=NORMAL");
                s.execute("PRAGMA foreign_keys=ON");
            }
            // transactions are begun by hand (BEGIN IMMEDIATE / BEGIN): the driver's own would hold them open
            c.setAutoCommit(true);
            return new Database(c, path);
        } catch (StoreException e) {
            throw e;
        } catch (Exception e) {
            throw new StoreException("cannot open database " + file + ": " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    /** The database file (and so SQLite's -wal and -shm beside it, which copy its mode) is the owner's alone. */
    private static void createPrivately(Path path) throws IOException {
        try {
            Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException exists) {
            // an existing database keeps the mode its operator gave it
        } catch (UnsupportedOperationException notPosix) {
            if (!Files.exists(path)) Files.createFile(path);
        }
    }

    /**
     * Flyway on SQLite has no lock of its own: thirty processes opening a new database at once would each
     * create the tables. A file lock beside the database lets one migrate while the others wait.
     */
    private static void migrate(Path path, String url) throws IOException {
        Path lockFile = path.resolveSibling(path.getFileName() + ".migrate-lock");
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = ch.lock()) {
            Flyway.configure()
                    .dataSource(url, null, null)
                    .locations("classpath:db/migration")
                    .loggers("slf4j")
                    .load()
                    .migrate();
        }
    }

    /** Runs {@code work} in one write transaction ({@code BEGIN IMMEDIATE}); commits, or rolls back on error. */
    public <T> T tx(Work<T> work) {
        return inTransaction("BEGIN IMMEDIATE", work);
    }

    /** Runs {@code work} in one read transaction: a consistent snapshot that never waits for a writer. */
    public <T> T read(Work<T> work) {
        return inTransaction("BEGIN", work);
    }

    private <T> T inTransaction(String begin, Work<T> work) {
        lock.lock();
        try {
            long deadline = System.nanoTime() + BUSY_BUDGET.toNanos();
            for (int attempt = 0; ; attempt++) {
                try {
                    return once(begin, work);
                } catch (SQLException e) {
                    if (!isBusy(e)) throw new StoreException("database error: " + e.getMessage(), e);
                    if (System.nanoTime() > deadline) {
                        throw new BusyException("database " + file + " stayed locked by another process for "
                                + BUSY_BUDGET.toSeconds() + " s", e);
                    }
                    backOff(attempt);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private <T> T once(String begin, Work<T> work) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(begin);
        }
        try {
            T result = work.run(connection);
            try (Statement s = connection.createStatement()) {
                s.execute("COMMIT");
            }
            return result;
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly();
            throw e;
        }
    }

    /** SQLITE_BUSY and its extended codes (BUSY_RECOVERY, BUSY_SNAPSHOT, BUSY_TIMEOUT), and SQLITE_LOCKED. */
    static boolean isBusy(SQLException e) {
        int primary = e.getErrorCode() & 0xff;
        if (primary == 5 || primary == 6) return true;
        String m = String.valueOf(e.getMessage());
        return m.contains("SQLITE_BUSY") || m.contains("database is locked");
    }

    private static void backOff(int attempt) {
        long ms = Math.min(500, 5L << Math.min(attempt, 7));
        try {
            Thread.sleep(ms / 2 + ThreadLocalRandom.current().nextLong(ms / 2 + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while the database was busy", e);
        }
    }

    public String journalMode() {
        return read(c -> {
            try (Statement s = c.createStatement(); var rs = s.executeQuery("PRAGMA journal_mode")) {
                rs.next();
                return rs.getString(1);
            }
        });
    }

    private void rollbackQuietly() {
        try (Statement s = connection.createStatement()) {
            s.execute("ROLLBACK");
        } catch (SQLException ignored) {
            // no transaction left open (BEGIN itself failed), or the original error matters more
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            connection.close();
        } catch (SQLException e) {
            throw new StoreException("cannot close database: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }
}
