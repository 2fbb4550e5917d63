package dev.labhand.tool;

import java.util.Optional;

/** Who owns a named resource, as the store records it. Empty when no such resource exists. */
@FunctionalInterface
public interface ResourceOwners {
    Optional<String> ownerOf(Param.Ref kind, String name);
}
