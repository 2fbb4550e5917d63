package dev.labhand.bench;

import dev.labhand.audit.AuditChain;
import dev.labhand.audit.AuditLog;
import dev.labhand.audit.Tampering;
import dev.labhand.config.LabhandConfig;
import dev.labhand.store.Database;
import dev.labhand.store.KeyFolder;
import dev.labhand.support.Chaos;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code scripts/chaos.sh}: the fault scenarios of {@link Chaos} at class size, then every tamper class on a
 * copy of the log they wrote, printed as one table. Target: 0 internal errors, one outcome row per call,
 * nothing unfinished, no orphans, no stuck rows, every tamper class found.
 * Arguments: [learners (30)] [one learner's parallel creates (20)] [seconds the database is held (15)].
 */
public final class ChaosHarness {
    private ChaosHarness() {}

    public static void main(String[] args) throws Exception {
        int learners = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int solo = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int lockSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 15;
        Path dir = Files.createTempDirectory("labhand-chaos-");
        Chaos chaos = new Chaos(dir, "cx");
        List<Chaos.Result> results = new ArrayList<>();
        try {
            results.add(chaos.parallelLearners(learners));
            results.add(chaos.oneLearnerParallel(solo));
            for (String point : Chaos.CREATE_POINTS) results.add(chaos.killCreateAt(point));
            for (String point : Chaos.REMOVE_POINTS) results.add(chaos.killRemoveAt(point));
            results.add(chaos.engineDown(5));
            results.add(chaos.databaseLocked(lockSeconds));
        } finally {
            chaos.cleanUp();
        }
        System.out.println();
        System.out.println(Chaos.Result.header());
        results.forEach(r -> System.out.println(r.line()));
        long clean = results.stream().filter(Chaos.Result::clean).count();
        System.out.println("clean: " + clean + " of " + results.size() + " scenarios");

        System.out.println();
        System.out.printf("%-48s %-10s %s%n", "tamper class (on a copy of that log)", "found as", "verify says");
        LabhandConfig cfg = LabhandConfig.load(chaos.config(), System::getenv);
        int found = 0;
        for (Tampering t : Tampering.values()) {
            Path copy = copyOf(cfg, dir.resolve("tamper-" + t.name().toLowerCase()));
            Path db = copy.resolve("labhand.db");
            Path checkpoints = copy.resolve("labhand.db.checkpoints");
            t.apply(db, checkpoints);
            AuditChain.Verdict v;
            try (Database d = Database.open(db)) {
                v = AuditLog.forVerifying(d, new KeyFolder(copy.resolve("keys")), checkpoints).verify();
            }
            boolean named = v.has(t.expected);
            if (named) found++;
            String reason = v.reason();
            System.out.printf("%-48s %-10s %s%n", t.description, named ? t.expected.name().toLowerCase() : "MISSED",
                    reason.length() > 110 ? reason.substring(0, 110) + "…" : reason);
        }
        System.out.println("found: " + found + " of " + Tampering.values().length + " tamper classes");
        deleteTree(dir);
    }

    /** The database, its checkpoints and keys copied into {@code to}, as an attacker's target. */
    private static Path copyOf(LabhandConfig cfg, Path to) throws IOException {
        Files.createDirectories(to.resolve("keys"));
        Files.copy(cfg.database(), to.resolve("labhand.db"), StandardCopyOption.REPLACE_EXISTING);
        for (String side : new String[] {"-wal", "-shm"}) {
            Path f = cfg.database().resolveSibling(cfg.database().getFileName() + side);
            if (Files.exists(f)) Files.copy(f, to.resolve("labhand.db" + side), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.copy(cfg.checkpointFile(), to.resolve("labhand.db.checkpoints"), StandardCopyOption.REPLACE_EXISTING);
        try (Stream<Path> keys = Files.list(cfg.keysDir())) {
            for (Path k : keys.toList()) Files.copy(k, to.resolve("keys").resolve(k.getFileName()));
        }
        return to;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
