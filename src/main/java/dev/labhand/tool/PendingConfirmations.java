package dev.labhand.tool;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Where the gateway keeps confirmations: single-use, expiring, bound to caller, tool and arguments. */
public interface PendingConfirmations {

    record Pending(String code, String callerId, String tool, Map<String, String> args, String argsHash,
                   Instant expiresAt, boolean used) {}

    void save(Pending pending);

    Optional<Pending> find(String code);

    /** Marks the code used; true only for the one call that got there first. */
    boolean claim(String code, Instant now);
}
