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

    /**
     * A tool call a notice offers its reader (Discord: a button; the console: the command to type). Pressing it
     * runs {@code tool} with {@code args} through the gateway as the member who pressed: checked and audited
     * like any call.
     *
     * @param labelKey the message key of the button's label
     */
    record Action(String labelKey, String tool, java.util.Map<String, String> args) {
        public Action {
            args = java.util.Map.copyOf(args);
        }
    }

    /** A notice with calls its reader may make from it; front ends that cannot offer them show only the text. */
    default void notify(String memberId, java.util.List<Action> actions, String messageKey, Object... params) {
        notify(memberId, messageKey, params);
    }
}
