package dev.labhand.store;

/** The database could not do what was asked (file not writable, disk full, corrupt schema). */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
