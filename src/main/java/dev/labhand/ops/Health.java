package dev.labhand.ops;

import dev.labhand.store.Database;
import dev.labhand.store.Sql;
import dev.labhand.workspace.DockerEngine;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What /healthz checks: the database takes a write, the Docker engine answers a ping, and Discord is connected
 * when the bot runs. Each check is bounded in time; a failing one is named, never its exception text.
 */
final class Health {
    private static final Logger log = LoggerFactory.getLogger(Health.class);
    static final long CHECK_SECONDS = 5;

    private final Database db;
    private final DockerEngine engine;
    private final Clock clock;
    private volatile BooleanSupplier discord;

    Health(Database db, DockerEngine engine, Clock clock) {
        this.db = db;
        this.engine = engine;
        this.clock = clock;
    }

    /** Discord runs in this process: its connection is checked too. */
    void watchDiscord(BooleanSupplier connected) {
        this.discord = connected;
    }

    /** Each check's name and whether it passed, in a fixed order. */
    Map<String, Boolean> check() {
        Map<String, Boolean> out = new LinkedHashMap<>();
        out.put("database", within(() -> db.tx(c -> Sql.update(c,
                "INSERT INTO health_probe (id, at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET at = excluded.at",
                clock.instant().toString())) == 1, "database"));
        out.put("engine", within(() -> {
            engine.ping();
            return true;
        }, "engine"));
        BooleanSupplier d = discord;
        if (d != null) out.put("discord", within(d::getAsBoolean, "discord"));
        return out;
    }

    private static boolean within(java.util.function.Supplier<Boolean> check, String name) {
        try {
            return CompletableFuture.supplyAsync(check).get(CHECK_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            log.info("health check {} failed: {}", name, e.toString());
            return false;
        }
    }
}
