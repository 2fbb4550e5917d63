package dev.labhand.workspace;

/**
 * The way to a remote engine (an SSH bridge), asked when a request to it gets no answer: the host may be
 * down, frozen, or not the one recorded, and that is what a member should hear, not a Docker error.
 */
public interface EngineRoute {
    /**
     * Called once a request has waited a few seconds for its answer; looks at the way there and, if the
     * host does not answer, drops the connections so the waiting request ends now. Bounded in time.
     */
    void check();

    /** What to throw instead of {@code broken}, which a request threw when it got no HTTP answer. */
    RuntimeException explain(RuntimeException broken);
}
