package dev.labhand.tool;

/**
 * A failure whose message is meant for the member, already in their language. Tools throw it for
 * expected trouble (an image that cannot be pulled, a container that is gone); the gateway turns it
 * into {@link Outcome.Failed} with this text. Anything else becomes a generic message plus an error id.
 */
public class UserError extends RuntimeException {
    public UserError(String userMessage) {
        super(userMessage);
    }

    public UserError(String userMessage, Throwable cause) {
        super(userMessage, cause);
    }
}
