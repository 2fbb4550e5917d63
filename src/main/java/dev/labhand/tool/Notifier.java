package dev.labhand.tool;

/**
 * Tells a member something nobody asked about in that moment: a spot VM was evicted, an idle VM is
 * about to be stopped. Front ends deliver it (Discord: a DM; the console: a line); the text is taken
 * from the message bundles in the member's language.
 */
@FunctionalInterface
public interface Notifier {
    Notifier NONE = (memberId, key, params) -> { };

    void notify(String memberId, String messageKey, Object... params);
}
