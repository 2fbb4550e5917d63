package dev.labhand.chat;

/**
 * A platform-neutral answer. Front ends render it: the console as text, Discord as an embed.
 *
 * @param kind    the outcome kind (done, confirm, denied, invalid, failed) or "help"
 * @param command the equivalent command for teaching mode, or null
 * @param secret  holds a secret: only ever shown privately to the caller
 * @param confirmationCode set when the reply asks for a confirmation (Discord turns it into buttons)
 * @param personal about one member (their workspaces, their logs): shown privately where possible
 * @param attachment a file that goes with the answer (a chart), or null
 */
public record Reply(String kind, String text, String command, boolean secret, String confirmationCode,
                    boolean personal, dev.labhand.tool.Attachment attachment) {

    public Reply(String kind, String text, String command, boolean secret, String confirmationCode, boolean personal) {
        this(kind, text, command, secret, confirmationCode, personal, null);
    }

    public static Reply of(String kind, String text) {
        return new Reply(kind, text, null, false, null, false);
    }

    /** Must not be shown in a public channel. */
    public boolean privateOnly() {
        return secret || personal || confirmationCode != null || refusal();
    }

    /**
     * The gateway refused the call (denied: role, ownership, quota; invalid: arguments). A refusal may echo
     * what was asked for, such as another member's workspace, so it is shown only to the caller.
     */
    public boolean refusal() {
        return kind.equals("denied") || kind.equals("invalid");
    }

    Reply personal(boolean p) {
        return new Reply(kind, text, command, secret, confirmationCode, p, attachment);
    }

    /** Plain text for a terminal: the answer, then the equivalent command indented with a prompt. */
    public String plain() {
        return command == null ? text : text + "\n  $ " + command;
    }
}
