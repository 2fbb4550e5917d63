package dev.labhand.tool;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Where the gateway keeps confirmations: single-use, expiring, bound to caller, tool and arguments, and to
 * the resources those arguments named, by id (see {@link ResourceOwners#idOf}).
 */
public interface PendingConfirmations {

    /** @param resources parameter name to the id of the resource it named when the code was issued */
    record Pending(String code, String callerId, String tool, Map<String, String> args, String argsHash,
                   Map<String, String> resources, Instant expiresAt, boolean used) {}

    void save(Pending pending);

    Optional<Pending> find(String code);

    /** Marks the code used; true only for the one call that got there first. */
    boolean claim(String code, Instant now);

    /** Makes a claimed code usable again: the call it confirmed failed before doing anything. */
    void release(String code);
}
