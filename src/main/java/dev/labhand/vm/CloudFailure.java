package dev.labhand.vm;

import java.util.List;

/**
 * A cloud call that failed, in words Labhand can explain: never the SDK's exception text, which may
 * carry ids and request details. {@code leftBehind} lists resources a failed create could not remove,
 * so the reply can name them instead of leaving them unreported.
 */
public class CloudFailure extends RuntimeException {
    public enum Kind { THROTTLED, NOT_FOUND, QUOTA, AUTH, INVALID, CONFLICT, SERVER, NETWORK, NOT_CONFIGURED,
        /** The cloud did not answer within Labhand's time limit for the call (a hanging endpoint). */
        TIMEOUT }

    private final Kind kind;
    private final String code;
    private final List<String> leftBehind;
    private final List<String> removed;
    private final String operation;
    private final java.time.Duration retryAfter;

    /**
     * @param code the provider's error code (e.g. {@code SkuNotAvailable}, {@code InsufficientInstanceCapacity}),
     *             safe to show; null when there is none
     */
    public CloudFailure(Kind kind, String code, List<String> leftBehind, Throwable cause) {
        this(kind, code, leftBehind, List.of(), null, null, cause);
    }

    private CloudFailure(Kind kind, String code, List<String> leftBehind, List<String> removed, String operation,
                         java.time.Duration retryAfter, Throwable cause) {
        super(kind + (code == null ? "" : " " + code), cause);
        this.kind = kind;
        this.code = code;
        this.leftBehind = List.copyOf(leftBehind);
        this.removed = List.copyOf(removed);
        this.operation = operation;
        this.retryAfter = retryAfter;
    }

    /** The cloud and call that failed, e.g. {@code EC2 RunInstances}; null when not known. */
    public String operation() {
        return operation;
    }

    /** How long the cloud asked to wait before trying again (Retry-After); null when it did not say. */
    public java.time.Duration retryAfter() {
        return retryAfter;
    }

    public CloudFailure withOperation(String op) {
        return new CloudFailure(kind, code, leftBehind, removed, op, retryAfter, getCause());
    }

    public CloudFailure withRetryAfter(java.time.Duration wait) {
        return new CloudFailure(kind, code, leftBehind, removed, operation, wait, getCause());
    }

    public CloudFailure(Kind kind, String code, Throwable cause) {
        this(kind, code, List.of(), cause);
    }

    public Kind kind() {
        return kind;
    }

    public String code() {
        return code;
    }

    public List<String> leftBehind() {
        return leftBehind;
    }

    /** What the failed create's clean-up did remove, named, so the reply accounts for every resource. */
    public List<String> removed() {
        return removed;
    }

    /** The same failure, with the resources a clean-up could not remove. */
    public CloudFailure withLeftBehind(List<String> resources) {
        return new CloudFailure(kind, code, resources, removed, operation, retryAfter, getCause());
    }

    /** The same failure, with what a clean-up removed and what it could not. */
    public CloudFailure withCleanUp(List<String> removedNow, List<String> left) {
        return new CloudFailure(kind, code, left, removedNow, operation, retryAfter, getCause());
    }
}
