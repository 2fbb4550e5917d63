package dev.labhand.audit;

import dev.labhand.store.Sql;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Hashing the audit chain, and checking it: each row's hash covers its fields and the previous row's hash,
 * {@code audit_head} holds the newest row, and the signed checkpoints ({@link AuditSeal}) hold what the
 * chain looked like at earlier moments. The check walks the whole log and names what it finds rather than
 * stopping at the first bad row.
 */
public final class AuditChain {
    static final String GENESIS = "0".repeat(64);
    /** Started calls that no row completes yet (a crash, or a call still running). */
    static final String UNFINISHED = "FROM audit a WHERE a.outcome = '" + AuditRow.STARTED
            + "' AND NOT EXISTS (SELECT 1 FROM audit b WHERE b.ref = a.id)";
    /** How far a row's id is searched for when its contents match its hash under another id. */
    private static final int RENUMBER_WINDOW = 256;

    /** What was done to the log. */
    public enum Tamper {
        /** a row's fields changed, its hash left as it was */
        EDITED,
        /** rows put between others */
        INSERTED,
        /** rows taken out of the middle */
        DELETED,
        /** rows swapped or moved */
        REORDERED,
        /** rows changed and the chain (and head) recomputed: only a signed checkpoint shows it */
        RECOMPUTED,
        /** rows taken off the end */
        TRUNCATED,
        /** every row gone */
        WIPED,
        /** rows added after the recorded head */
        APPENDED,
        /** the head row does not match the newest row */
        HEAD,
        /** a checkpoint line that is not genuine */
        CHECKPOINT
    }

    /** One thing found, at the first row where it shows. */
    public record Finding(Tamper kind, long row, String text) {}

    /**
     * The result of a check.
     *
     * @param rows        rows in the log
     * @param checkpoints genuine checkpoints found; -1 when the log is not sealed (no key)
     * @param sealedRows  rows covered by the newest genuine checkpoint
     * @param interrupted calls that started and never recorded an outcome (a crash)
     */
    public record Verdict(long rows, List<Finding> findings, int checkpoints, long sealedRows, long interrupted) {
        public boolean ok() {
            return findings.isEmpty();
        }

        /** The first bad row (0 when all is well). */
        public long badRow() {
            return findings.isEmpty() ? 0 : findings.get(0).row();
        }

        /** What was found, one sentence per finding. */
        public String reason() {
            return String.join("; ", findings.stream().map(Finding::text).toList());
        }

        public boolean has(Tamper kind) {
            return findings.stream().anyMatch(f -> f.kind() == kind);
        }
    }

    private AuditChain() {}

    /**
     * SHA-256 over the previous hash and every field, each length-prefixed so fields cannot run together.
     * {@code ref} is hashed only when present, so rows written before it existed keep their hashes.
     */
    static String hashOf(AuditRow r) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            List<String> fields = new ArrayList<>(List.of(r.prevHash(), Long.toString(r.id()), r.time(), r.callerId(),
                    r.role(), r.origin(), r.tool(), r.args(), r.outcome(), r.detail(),
                    r.confirmedBy() == null ? "\0" : r.confirmedBy(), Long.toString(r.micros())));
            if (r.ref() != null) fields.add("ref=" + r.ref());
            for (String field : fields) {
                byte[] b = field.getBytes(StandardCharsets.UTF_8);
                sha.update(Integer.toString(b.length).getBytes(StandardCharsets.US_ASCII));
                sha.update((byte) ':');
                sha.update(b);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Checks the chain and the head; with {@code checkpoints} (null: not sealed) also against each of them. */
    static Verdict verify(Connection c, List<AuditSeal.Checkpoint> checkpoints) throws SQLException {
        Walk walk = Walk.of(c);
        Findings found = new Findings();
        walk.check(found);
        checkHead(c, walk, found);
        long sealed = 0;
        int genuine = -1;
        if (checkpoints != null) {
            genuine = 0;
            for (AuditSeal.Checkpoint cp : checkpoints) {
                if (!cp.valid()) {
                    found.add(Tamper.CHECKPOINT, Math.max(0, cp.rows()), "checkpoint line " + cp.line() + " " + cp.problem());
                } else {
                    genuine++;
                    sealed = Math.max(sealed, cp.rows());
                }
            }
            // a checkpoint mismatch the walk already explains (an edit, a gap, a swap) adds nothing
            if (!found.anyOf(Tamper.EDITED, Tamper.INSERTED, Tamper.DELETED, Tamper.REORDERED)) {
                checkCheckpoints(walk, checkpoints, found);
            } else {
                checkLength(walk, checkpoints, found);
            }
        }
        long interrupted = Sql.one(c, "SELECT count(*) " + UNFINISHED, rs -> rs.getLong(1)).orElse(0L);
        return new Verdict(walk.size(), found.list(), genuine, sealed, interrupted);
    }

    private static void checkHead(Connection c, Walk walk, Findings found) throws SQLException {
        Optional<Object[]> head = Sql.one(c, "SELECT last_id, last_hash FROM audit_head WHERE singleton = 1",
                rs -> new Object[] {rs.getLong(1), rs.getString(2)});
        long lastId = head.map(h -> (Long) h[0]).orElse(0L);
        String lastHash = head.map(h -> (String) h[1]).orElse(GENESIS);
        long maxId = walk.maxId();
        if (lastId > maxId) {
            found.add(Tamper.TRUNCATED, maxId + 1, "rows " + (maxId + 1) + "–" + lastId
                    + " are missing: the log ends at row " + maxId + " but its head is row " + lastId);
        } else if (lastId < maxId) {
            found.add(Tamper.APPENDED, lastId + 1, "rows " + (lastId + 1) + "–" + maxId
                    + " were added after the recorded head (row " + lastId + ")");
        } else if (!lastHash.equals(walk.hashOfId(maxId).orElse(GENESIS))) {
            found.add(Tamper.HEAD, maxId, "row " + maxId + " does not match the recorded head");
        }
    }

    /** The log must be at least as long as the newest checkpoint says: else it was truncated or wiped. */
    private static boolean checkLength(Walk walk, List<AuditSeal.Checkpoint> checkpoints, Findings found) {
        AuditSeal.Checkpoint newest = checkpoints.stream().filter(AuditSeal.Checkpoint::valid)
                .max(java.util.Comparator.comparingLong(AuditSeal.Checkpoint::rows)).orElse(null);
        if (newest == null) return true;
        if (walk.size() == 0 && newest.rows() > 0) {
            found.add(Tamper.WIPED, 1, "every row is gone: the checkpoint of " + newest.time() + " sealed "
                    + newest.rows() + " rows");
            return false;
        }
        long maxId = walk.maxId();
        if (newest.rows() > maxId) {
            found.add(Tamper.TRUNCATED, maxId + 1, "the log ends at row " + maxId + ", but the checkpoint of "
                    + newest.time() + " sealed " + newest.rows() + " rows");
        }
        return true;
    }

    private static void checkCheckpoints(Walk walk, List<AuditSeal.Checkpoint> checkpoints, Findings found) {
        if (!checkLength(walk, checkpoints, found)) return;
        List<AuditSeal.Checkpoint> valid = checkpoints.stream().filter(AuditSeal.Checkpoint::valid)
                .sorted(java.util.Comparator.comparingLong(AuditSeal.Checkpoint::rows)).toList();
        long maxId = walk.maxId();
        long lastGood = 0;
        for (AuditSeal.Checkpoint cp : valid) {
            if (cp.rows() > maxId) break;
            Optional<String> hash = cp.rows() == 0 ? Optional.of(GENESIS) : walk.hashOfId(cp.rows());
            if (hash.isPresent() && hash.get().equals(cp.head())) {
                lastGood = cp.rows();
                continue;
            }
            String range = lastGood + 1 == cp.rows() ? "row " + cp.rows() + " was" : "rows " + (lastGood + 1) + "–"
                    + cp.rows() + " were";
            found.add(Tamper.RECOMPUTED, lastGood + 1, range + " rewritten and the chain recomputed: row " + cp.rows()
                    + " does not match the checkpoint of " + cp.time());
            return;
        }
    }

    /** The log read once, in id order: ids, hashes and links, and which rows' contents match their hashes. */
    private record Walk(long[] ids, String[] hashes, String[] prevs, boolean[] contentOk, long[] hashedAsId,
                        Map<String, Integer> positionOfHash, Map<Long, Integer> positionOfId) {

        static Walk of(Connection c) throws SQLException {
            List<AuditRow> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM audit ORDER BY id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) rows.add(AuditRow.from(rs));
            }
            int n = rows.size();
            long[] ids = new long[n];
            String[] hashes = new String[n];
            String[] prevs = new String[n];
            boolean[] ok = new boolean[n];
            long[] hashedAs = new long[n];
            Map<String, Integer> byHash = new HashMap<>(n * 2);
            Map<Long, Integer> byId = new HashMap<>(n * 2);
            long shift = 0;
            int searches = 0;
            for (int i = 0; i < n; i++) {
                AuditRow r = rows.get(i);
                ids[i] = r.id();
                hashes[i] = r.hash();
                prevs[i] = r.prevHash();
                ok[i] = hashOf(r).equals(r.hash());
                if (ok[i]) {
                    hashedAs[i] = r.id();
                } else if (shift != 0 && r.id() + shift >= 1 && hashOf(r.withId(r.id() + shift)).equals(r.hash())) {
                    hashedAs[i] = r.id() + shift; // renumbered like the row before it
                } else if (searches++ < 1000) {
                    hashedAs[i] = originalId(r);
                    if (hashedAs[i] != 0) shift = hashedAs[i] - r.id();
                }
                byHash.putIfAbsent(r.hash(), i);
                byId.put(r.id(), i);
                rows.set(i, null); // keep only what the checks need
            }
            return new Walk(ids, hashes, prevs, ok, hashedAs, byHash, byId);
        }

        /** The id a row was hashed with, when its contents are intact but it was renumbered; 0 when edited. */
        private static long originalId(AuditRow r) {
            for (int d = 1; d <= RENUMBER_WINDOW; d++) {
                if (hashOf(r.withId(r.id() + d)).equals(r.hash())) return r.id() + d;
                if (r.id() - d >= 1 && hashOf(r.withId(r.id() - d)).equals(r.hash())) return r.id() - d;
            }
            return 0;
        }

        int size() {
            return ids.length;
        }

        long maxId() {
            return ids.length == 0 ? 0 : ids[ids.length - 1];
        }

        Optional<String> hashOfId(long id) {
            Integer p = positionOfId.get(id);
            return p == null ? Optional.empty() : Optional.of(hashes[p]);
        }

        void check(Findings found) {
            long expectedId = 1;
            String prev = GENESIS;
            int reorderedUntil = -1;
            for (int i = 0; i < ids.length; i++) {
                long id = ids[i];
                boolean gap = id > expectedId;
                if (gap) {
                    found.add(Tamper.DELETED, expectedId, (id - expectedId == 1 ? "row " + expectedId + " is missing"
                            : "rows " + expectedId + "–" + (id - 1) + " are missing") + " (the next row is " + id + ")");
                }
                boolean linked = prevs[i].equals(prev);
                if (!linked && i > reorderedUntil) {
                    Integer j = positionOfHash.get(prevs[i]);
                    if (j != null && j >= i) {
                        found.add(Tamper.REORDERED, id, "row " + id + " follows row " + ids[j] + ", which comes after it");
                        reorderedUntil = j;
                    } else if (j != null && j < i - 1 && !contentOk[i] && hashedAsId[i] == 0) {
                        found.add(Tamper.INSERTED, id, "row " + id + " does not belong to the chain: it claims to follow row "
                                + ids[j] + " but does not match its own hash");
                    } else if (j != null && j < i - 1) {
                        found.add(Tamper.INSERTED, ids[j + 1], (i - 1 - j == 1 ? "row " + ids[j + 1] + " was"
                                : "rows " + ids[j + 1] + "–" + ids[i - 1] + " were") + " inserted between rows "
                                + ids[j] + " and " + id);
                    } else if (!gap && hashedAsId[i] == 0 && !contentOk[i]) {
                        found.add(Tamper.EDITED, id, "row " + id + " was altered: it neither matches its hash nor follows the row before it");
                    } else if (!gap && hashedAsId[i] == id) {
                        found.add(Tamper.EDITED, id, "row " + id + " does not follow the row before it");
                    }
                }
                if (!contentOk[i] && i > reorderedUntil) {
                    if (hashedAsId[i] > id) {
                        found.add(Tamper.DELETED, id, "rows before row " + id + " were deleted and the rest renumbered (row "
                                + id + " was row " + hashedAsId[i] + ")");
                    } else if (hashedAsId[i] != 0 && hashedAsId[i] < id) {
                        found.add(Tamper.INSERTED, id, "rows were inserted before row " + id + " and the rest renumbered (row "
                                + id + " was row " + hashedAsId[i] + ")");
                    } else if (linked) {
                        found.add(Tamper.EDITED, id, "row " + id + " was altered: its contents do not match its hash");
                    }
                }
                prev = hashes[i];
                expectedId = id + 1;
            }
        }
    }

    /** Findings, one per kind (the first row it shows at), counting how many rows show the same. */
    private static final class Findings {
        private final Map<Tamper, Finding> first = new java.util.LinkedHashMap<>();
        private final Map<Tamper, Integer> more = new HashMap<>();

        boolean anyOf(Tamper... kinds) {
            for (Tamper k : kinds) if (first.containsKey(k)) return true;
            return false;
        }

        void add(Tamper kind, long row, String text) {
            if (first.putIfAbsent(kind, new Finding(kind, row, text)) != null) more.merge(kind, 1, Integer::sum);
        }

        List<Finding> list() {
            List<Finding> out = new ArrayList<>();
            for (Finding f : first.values()) {
                int extra = more.getOrDefault(f.kind(), 0);
                out.add(extra == 0 ? f : new Finding(f.kind(), f.row(), f.text() + " (and " + extra + " more like it)"));
            }
            out.sort(java.util.Comparator.comparingLong(Finding::row));
            return out;
        }
    }
}
