package dev.labhand.tool;

/**
 * The gateway's policy step (quotas, budgets): asked after role and ownership for every call, whatever its
 * origin, confirmed or not. Null admits the call; an outcome (Denied with the figures) refuses it.
 */
@FunctionalInterface
public interface CallPolicy {
    CallPolicy NONE = (caller, tool, args) -> null;

    Outcome admit(Caller caller, Tool tool, Args args);
}
