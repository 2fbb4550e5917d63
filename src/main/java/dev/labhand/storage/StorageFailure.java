package dev.labhand.storage;

import dev.labhand.i18n.Messages;
import dev.labhand.tool.Caller.Lang;
import dev.labhand.tool.UserError;

/**
 * A storage problem the member can act on (no such bucket, credentials refused), raised where the language is not
 * known: a message key and its values, put into the member's language by {@link #in}. The cause stays in the log.
 */
public class StorageFailure extends RuntimeException {
    private final String key;
    private final Object[] values;

    public StorageFailure(String key, Throwable cause, Object... values) {
        super(key, cause);
        this.key = key;
        this.values = values.clone();
    }

    public UserError in(Lang lang) {
        return new UserError(Messages.get(lang, key, values), getCause());
    }
}
