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
    /**
     * What tells this resource apart from an earlier or later one of the same name (a workspace's uuid, a
     * host's creation time): a confirmation is bound to it. Empty when the resource does not exist.
     */
    default Optional<String> idOf(Param.Ref kind, String name) {
        return ownerOf(kind, name).map(owner -> name);
    }

    default boolean mayUse(Caller caller, Param.Ref kind, String name, String owner) {
        return caller.mayActFor(owner);
    }
}
