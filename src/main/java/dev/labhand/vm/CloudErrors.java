package dev.labhand.vm;

import dev.labhand.i18n.Messages;
import dev.labhand.tool.Caller.Lang;

/** A {@link CloudFailure} in the member's words: what kind of trouble, the cloud's code, what to do. */
final class CloudErrors {
    private CloudErrors() {}

    static String describe(CloudFailure f, Lang lang) {
        String text = Messages.get(lang, "cloud.error." + f.kind().name().toLowerCase());
        if (f.kind() == CloudFailure.Kind.THROTTLED && f.retryAfter() != null) {
            text = Messages.get(lang, "cloud.error.throttled-for", "seconds", f.retryAfter().toSeconds());
        }
        String detail = f.code() == null ? f.operation() : f.operation() == null ? f.code() : f.operation() + ": " + f.code();
        return detail == null ? text : text + " (" + detail + ")";
    }
}
