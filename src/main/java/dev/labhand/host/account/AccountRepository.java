package dev.labhand.host.account;

import dev.labhand.store.Database;
import dev.labhand.store.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Members' public keys and the accounts Labhand made on hosts (migration V8). */
public final class AccountRepository {
    /** A member's public key as stored: a validated OpenSSH line and its fingerprint. */
    public record StoredKey(String memberId, String line, String fingerprint, boolean generated, Instant setAt) {}

    /** One member's account on one host; {@code revokedAt} is null while it is active. */
    public record Account(String host, String memberId, String user, boolean docker, boolean sudo, String fingerprint,
                          String grantedBy, Instant grantedAt, String revokedBy, Instant revokedAt) {
        public boolean active() {
            return revokedAt == null;
        }
    }

    private final Database db;
    private final Clock clock;

    public AccountRepository(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    public void saveKey(String memberId, MemberKey key, boolean generated) {
        db.tx(c -> Sql.update(c, """
                INSERT INTO member_keys (member_id, key_line, fingerprint, generated, set_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (member_id) DO UPDATE SET key_line = excluded.key_line, fingerprint = excluded.fingerprint,
                    generated = excluded.generated, set_at = excluded.set_at""",
                memberId, key.line(), key.fingerprint(), generated ? 1 : 0, clock.instant().toString()));
    }

    public Optional<StoredKey> keyOf(String memberId) {
        return db.read(c -> Sql.one(c, "SELECT * FROM member_keys WHERE member_id = ?", rs -> new StoredKey(
                rs.getString("member_id"), rs.getString("key_line"), rs.getString("fingerprint"),
                rs.getInt("generated") == 1, Instant.parse(rs.getString("set_at"))), memberId));
    }

    public Optional<Account> account(String host, String memberId) {
        return db.read(c -> Sql.one(c, "SELECT * FROM host_accounts WHERE host = ? AND member_id = ?",
                AccountRepository::map, host, memberId));
    }

    /** Who holds (or held) {@code user} on {@code host}. */
    public Optional<Account> byUser(String host, String user) {
        return db.read(c -> Sql.one(c, "SELECT * FROM host_accounts WHERE host = ? AND user_name = ?",
                AccountRepository::map, host, user));
    }

    public List<Account> onHost(String host) {
        return db.read(c -> Sql.list(c, "SELECT * FROM host_accounts WHERE host = ? ORDER BY user_name",
                AccountRepository::map, host));
    }

    /** The member's active accounts on every host. */
    public List<Account> activeOf(String memberId) {
        return db.read(c -> Sql.list(c, "SELECT * FROM host_accounts WHERE member_id = ? AND revoked_at IS NULL ORDER BY host",
                AccountRepository::map, memberId));
    }

    /** Members holding at least one active account. */
    public List<String> membersWithAccounts() {
        return db.read(c -> Sql.list(c, "SELECT DISTINCT member_id FROM host_accounts WHERE revoked_at IS NULL ORDER BY member_id",
                rs -> rs.getString(1)));
    }

    /** Members last seen as instructors or admins: who is asked before an offboarding revoke. */
    public List<String> staff() {
        return db.read(c -> Sql.list(c, "SELECT id FROM members WHERE role IN ('instructor', 'admin') ORDER BY id",
                rs -> rs.getString(1)));
    }

    /** Records a grant (a new one, or a revoked account granted again under its old name). */
    public void granted(String host, String memberId, String user, boolean docker, boolean sudo, String fingerprint,
                        String by) {
        db.tx(c -> Sql.update(c, """
                INSERT INTO host_accounts (host, member_id, user_name, docker, sudo, fingerprint, granted_by, granted_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (host, member_id) DO UPDATE SET docker = excluded.docker, sudo = excluded.sudo,
                    fingerprint = excluded.fingerprint, granted_by = excluded.granted_by, granted_at = excluded.granted_at,
                    revoked_by = NULL, revoked_at = NULL""",
                host, memberId, user, docker ? 1 : 0, sudo ? 1 : 0, fingerprint, by, clock.instant().toString()));
    }

    public void revoked(String host, String memberId, String by) {
        db.tx(c -> Sql.update(c, "UPDATE host_accounts SET revoked_by = ?, revoked_at = ? WHERE host = ? AND member_id = ?",
                by, clock.instant().toString(), host, memberId));
    }

    private static Account map(ResultSet rs) throws SQLException {
        String revokedAt = rs.getString("revoked_at");
        return new Account(rs.getString("host"), rs.getString("member_id"), rs.getString("user_name"),
                rs.getInt("docker") == 1, rs.getInt("sudo") == 1, rs.getString("fingerprint"), rs.getString("granted_by"),
                Instant.parse(rs.getString("granted_at")), rs.getString("revoked_by"),
                revokedAt == null ? null : Instant.parse(revokedAt));
    }
}
