package dev.labhand.host.account;

import dev.labhand.tool.Caller.Lang;

/**
 * Takes a member's storage access away when their account on a host is revoked (ADLS ACL entries, S3 prefixes).
 * The storage feature provides the real one; until then {@link #NOTHING_YET} says what is left to do by hand.
 */
@FunctionalInterface
public interface StorageAccessRevoker {
    /** What was revoked or is left, in the member's language, for the reply and the audit. */
    String revoke(String host, String memberId, Lang lang);

    /** No storage access is managed yet: says so, and what an instructor should check by hand. */
    StorageAccessRevoker NOTHING_YET = (host, memberId, lang) ->
            dev.labhand.i18n.Messages.get(lang, "account.storage.nothing-yet", "host", host, "member", memberId);
}
