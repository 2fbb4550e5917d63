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

    /**
     * @param code the provider's error code (e.g. {@code SkuNotAvailable}, {@code InsufficientInstanceCapacity}),
     *             safe to show; null when there is none
     */
    public CloudFailure(Kind kind, String code, List<String> leftBehind, Throwable cause) {
        super(kind + (code == null ? "" : " " + code), cause);
        this.kind = kind;
        this.code = code;
        this.leftBehind = List.copyOf(leftBehind);
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

    /** The same failure, with the resources a clean-up could not remove. */
    public CloudFailure withLeftBehind(List<String> resources) {
        return new CloudFailure(kind, code, resources, getCause());
    }
}
