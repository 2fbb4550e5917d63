package dev.labhand.tool;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each member last ran each rate-limited tool. The store's implementation is shared by every process
 * on the database, so a learner cannot get around a cooldown by opening a second console.
 */
public interface Cooldowns {

    /** Time left before {@code memberId} may run {@code tool} again; zero or negative when they may. */
    Duration remaining(String memberId, String tool, Instant now, Duration cooldown);

    /** Takes the next run atomically: true for exactly one of several callers racing for it. */
    boolean claim(String memberId, String tool, Instant now, Duration cooldown);

    /** One process only: for tests and benchmarks that run a gateway without a database. */
    static Cooldowns inMemory() {
        Map<String, Instant> last = new ConcurrentHashMap<>();
        return new Cooldowns() {
            @Override
            public Duration remaining(String memberId, String tool, Instant now, Duration cooldown) {
                Instant at = last.get(memberId + "\0" + tool);
                return at == null ? Duration.ZERO : Duration.between(now, at.plus(cooldown));
            }

            @Override
            public boolean claim(String memberId, String tool, Instant now, Duration cooldown) {
                Instant[] won = new Instant[1];
                last.compute(memberId + "\0" + tool, (k, at) -> {
                    if (at == null || !now.isBefore(at.plus(cooldown))) {
                        won[0] = now;
                        return now;
                    }
                    return at;
                });
                return won[0] != null;
            }
        };
    }
}
