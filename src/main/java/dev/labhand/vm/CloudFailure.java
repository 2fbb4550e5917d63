package dev.labhand.vm;

import java.util.List;

/**
 * A cloud call that failed, in words Labhand can explain: never the SDK's exception text, which may
 * carry ids and request details. {@code leftBehind} lists resources a failed create could not remove,
 * so the reply can name them instead of leaving them unreported.
 */
public class CloudFailure extends RuntimeException {
    public enum Kind { THROTTLED, NOT_FOUND, QUOTA, AUTH, INVALID, CONFLICT, SERVER, NETWORK, NOT_CONFIGURED }

    private final Kind kind;
    private final String code;
    private final List<String> leftBehind;
    private final List<String> removed;

    /**
     * @param code the provider's error code (e.g. {@code SkuNotAvailable}, {@code InsufficientInstanceCapacity}),
     *             safe to show; null when there is none
     */
    public CloudFailure(Kind kind, String code, List<String> leftBehind, Throwable cause) {
        this(kind, code, leftBehind, List.of(), cause);
    }

    private CloudFailure(Kind kind, String code, List<String> leftBehind, List<String> removed, Throwable cause) {
        super(kind + (code == null ? "" : " " + code), cause);
        this.kind = kind;
        this.code = code;
        this.leftBehind = List.copyOf(leftBehind);
        this.removed = List.copyOf(removed);
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
        return new CloudFailure(kind, code, resources, removed, getCause());
    }

    /** The same failure, with what a clean-up removed and what it could not. */
    public CloudFailure withCleanUp(List<String> removedNow, List<String> left) {
        return new CloudFailure(kind, code, left, removedNow, getCause());
    }
}
