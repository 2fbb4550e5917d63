package dev.labhand.vm;

import dev.labhand.i18n.Messages;
import dev.labhand.tool.Caller.Lang;

/** A {@link CloudFailure} in the member's words: what kind of trouble, the cloud's code, what to do. */
final class CloudErrors {
    private CloudErrors() {}

    static String describe(CloudFailure f, Lang lang) {
        String text = Messages.get(lang, "cloud.error." + f.kind().name().toLowerCase());
        return f.code() == null ? text : text + " (" + f.code() + ")";
    }
}
