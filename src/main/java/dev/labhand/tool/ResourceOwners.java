package dev.labhand.tool;

import java.util.Optional;

/** Who owns a named resource, as the store records it, and who may use it. */
@FunctionalInterface
public interface ResourceOwners {
    /** The owner's member id; empty when no such resource exists. */
    Optional<String> ownerOf(Param.Ref kind, String name);

    /**
     * Whether {@code caller} may act on the resource {@code owner} owns. By default only its owner and
     * instructors may; shared resources (hosts learners are assigned to) answer otherwise.
     */
    default boolean mayUse(Caller caller, Param.Ref kind, String name, String owner) {
        return caller.mayActFor(owner);
    }
}
