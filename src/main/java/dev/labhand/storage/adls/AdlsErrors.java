package dev.labhand.storage.adls;

import com.azure.storage.file.datalake.models.DataLakeStorageException;
import dev.labhand.i18n.Messages;
import dev.labhand.storage.StorageLocation;
import dev.labhand.tool.Caller.Lang;
import dev.labhand.tool.UserError;

/**
 * ADLS failures in the member's language: which call, which answer, and what to check. Raw service text never
 * reaches a reply (it can name internals); the status and error code do, since they are what the docs list.
 */
final class AdlsErrors {
    private AdlsErrors() {}

    /** {@code e} from the Data Lake client while doing {@code what} (a URL or an action) on {@code location}. */
    static UserError explain(RuntimeException e, StorageLocation location, String what, Lang lang) {
        if (e instanceof UserError u) return u;
        if (e instanceof DataLakeStorageException d) {
            String code = d.getErrorCode() == null ? "" : d.getErrorCode();
            int status = d.getStatusCode();
            if (status == 401 || status == 403) {
                return new UserError(Messages.get(lang, "storage.adls.denied", "account", location.account(),
                        "code", status + " " + code, "what", what), e);
            }
            if (status == 404) {
                return new UserError(Messages.get(lang, "storage.adls.not-found", "what", what, "code", code), e);
            }
            return new UserError(Messages.get(lang, "storage.adls.failed", "what", what, "code", status + " " + code), e);
        }
        return new UserError(Messages.get(lang, "storage.adls.unreachable", "endpoint", AdlsClients.endpoint(location),
                "what", what), e);
    }
}
