package dev.labhand.chat;

/**
 * A platform-neutral answer. Front ends render it: the console as text, Discord as an embed.
 *
 * @param kind    the outcome kind (done, confirm, denied, invalid, failed) or "help"
 * @param command the equivalent command for teaching mode, or null
 * @param secret  holds a secret: only ever shown privately to the caller
 * @param confirmationCode set when the reply asks for a confirmation (Discord turns it into buttons)
 */
public record Reply(String kind, String text, String command, boolean secret, String confirmationCode) {

    public static Reply of(String kind, String text) {
        return new Reply(kind, text, null, false, null);
    }

    /** Plain text for a terminal: the answer, then the equivalent command indented with a prompt. */
    public String plain() {
        return command == null ? text : text + "\n  $ " + command;
    }
}
