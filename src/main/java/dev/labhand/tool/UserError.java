package dev.labhand.tool;

/**
 * A failure whose message is meant for the member, already in their language. Tools throw it for
 * expected trouble (an image that cannot be pulled, a container that is gone); the gateway turns it
 * into {@link Outcome.Failed} with this text. Anything else becomes a generic message plus an error id.
 */
public class UserError extends RuntimeException {
    private final boolean nothingDone;

    public UserError(String userMessage) {
        this(userMessage, null, false);
    }

    public UserError(String userMessage, Throwable cause) {
        this(userMessage, cause, false);
    }

    private UserError(String userMessage, Throwable cause, boolean nothingDone) {
        super(userMessage, cause);
        this.nothingDone = nothingDone;
    }

    /**
     * A failure before the tool changed anything (the host it needs is down): a confirmation code the call
     * carried stays usable until it expires.
     */
    public static UserError beforeActing(String userMessage, Throwable cause) {
        return new UserError(userMessage, cause, true);
    }

    public boolean nothingDone() {
        return nothingDone;
    }
}
