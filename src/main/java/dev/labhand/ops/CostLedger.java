package dev.labhand.ops;

import dev.labhand.store.Database;
import dev.labhand.store.Sql;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * The ledger in SQLite: per UTC day, member and host, the member's share of the host's hours and what they cost.
 * An interval is added together with moving the cursor, in one transaction, and only from where the cursor
 * stands: a second process or a restart cannot count an interval twice, and nothing between two ticks is lost.
 */
final class CostLedger {
    /** A member's share of one host over the interval being accrued. */
    record Charge(String memberId, String host, double share, HostPrices.Rate rate) {}

    /** One row of the ledger. */
    record Line(LocalDate day, String memberId, String host, double hours, double usd, double onDemandUsd,
                double spotUsd) {}

    private final Database db;

    CostLedger(Database db) {
        this.db = db;
    }

    /** How far the ledger has accrued; empty before its first tick. */
    Optional<Instant> accruedTo() {
        return db.read(c -> Sql.one(c, "SELECT accrued_to FROM cost_cursor WHERE id = 1",
                rs -> Instant.parse(rs.getString(1))));
    }

    /** The first tick: accrual starts now (nothing before Labhand watched is guessed at). */
    void startAt(Instant now) {
        db.tx(c -> Sql.update(c, "INSERT OR IGNORE INTO cost_cursor (id, accrued_to) VALUES (1, ?)", now.toString()));
    }

    /**
     * Adds {@code charges} for {@code from}–{@code to}, split at UTC midnights, and moves the cursor to {@code to};
     * false (nothing written) when the cursor is no longer at {@code from}: another process accrued meanwhile.
     */
    boolean accrue(Instant from, Instant to, List<Charge> charges) {
        if (!to.isAfter(from)) return false;
        return db.tx(c -> {
            int moved = Sql.update(c, "UPDATE cost_cursor SET accrued_to = ? WHERE id = 1 AND accrued_to = ?",
                    to.toString(), from.toString());
            if (moved != 1) return false;
            for (Instant start = from; start.isBefore(to); ) {
                LocalDate day = start.atZone(ZoneOffset.UTC).toLocalDate();
                Instant midnight = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
                Instant end = midnight.isBefore(to) ? midnight : to;
                double hours = Duration.between(start, end).toNanos() / 3_600_000_000_000.0;
                for (Charge ch : charges) {
                    double h = hours * ch.share();
                    Sql.update(c, """
                            INSERT INTO cost_ledger (day, member_id, host, hours, usd, on_demand_usd, spot_usd)
                            VALUES (?, ?, ?, ?, ?, ?, ?)
                            ON CONFLICT (day, member_id, host) DO UPDATE SET hours = hours + excluded.hours,
                                usd = usd + excluded.usd, on_demand_usd = on_demand_usd + excluded.on_demand_usd,
                                spot_usd = spot_usd + excluded.spot_usd""",
                            day.toString(), ch.memberId(), ch.host(), h, h * ch.rate().billed(),
                            h * ch.rate().onDemand(), h * ch.rate().spot());
                }
                start = end;
            }
            return true;
        });
    }

    /** Every row, oldest day first. */
    List<Line> lines() {
        return db.read(c -> Sql.list(c, "SELECT day, member_id, host, hours, usd, on_demand_usd, spot_usd "
                + "FROM cost_ledger ORDER BY day, member_id, host", CostLedger::line));
    }

    /** One member's rows, oldest day first. */
    List<Line> linesOf(String memberId) {
        return db.read(c -> Sql.list(c, "SELECT day, member_id, host, hours, usd, on_demand_usd, spot_usd "
                + "FROM cost_ledger WHERE member_id = ? ORDER BY day, host", CostLedger::line, memberId));
    }

    private static Line line(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Line(LocalDate.parse(rs.getString(1)), rs.getString(2), rs.getString(3), rs.getDouble(4),
                rs.getDouble(5), rs.getDouble(6), rs.getDouble(7));
    }
}
