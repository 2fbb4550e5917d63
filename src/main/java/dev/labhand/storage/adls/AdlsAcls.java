package dev.labhand.storage.adls;

import java.util.ArrayList;
import java.util.List;

/**
 * ACL strings as the service and {@code az storage fs access} write them ({@code user:<id>:rwx,default:user:<id>:rwx}):
 * what a grant adds, what a revoke removes, and a member folder's whole ACL.
 */
final class AdlsAcls {
    private AdlsAcls() {}

    /** The member's access entry and its default twin, so files made later under a directory inherit it. */
    static String userEntries(String objectId, String access) {
        return "user:" + objectId + ":" + access + ",default:user:" + objectId + ":" + access;
    }

    /** What removing a member takes away: both entries, named without permissions as the remove API wants. */
    static String userRemoval(String objectId) {
        return "user:" + objectId + ",default:user:" + objectId;
    }

    /**
     * A member folder (storage.adls-setup): the member owns it with rwx, the instructors' group reads it, others have
     * nothing; the same as defaults so new files inherit it. Without a group, only the member.
     */
    static String memberFolder(String memberId, String groupId) {
        String access = "user::rwx,group::r-x,other::---,user:" + memberId + ":rwx"
                + (groupId.isEmpty() ? "" : ",group:" + groupId + ":r-x") + ",mask::rwx";
        List<String> all = new ArrayList<>(List.of(access.split(",")));
        for (String e : access.split(",")) all.add("default:" + e);
        return String.join(",", all);
    }

    /**
     * {@code acl} with execute added for {@code objectId} (its other permissions kept) and the mask left for the
     * service to recompute; null when it already has execute, so nothing needs writing.
     */
    static String withExecute(String acl, String objectId) {
        String prefix = "user:" + objectId + ":";
        List<String> out = new ArrayList<>();
        boolean found = false;
        for (String e : acl.isEmpty() ? new String[0] : acl.split(",")) {
            if (e.startsWith(prefix)) {
                String perms = e.substring(prefix.length());
                if (perms.length() == 3 && perms.charAt(2) == 'x') return null;
                found = true;
                out.add(prefix + (perms.length() == 3 ? perms.substring(0, 2) : "--") + "x");
            } else if (!e.startsWith("mask:")) {
                out.add(e);
            }
        }
        if (!found) out.add(prefix + "--x");
        return String.join(",", out);
    }

    /** {@code acl} with {@code other::--x} (others may pass through to the folders below, not list them). */
    static String withOther(String acl) {
        List<String> out = new ArrayList<>();
        for (String e : acl.isEmpty() ? new String[0] : acl.split(",")) {
            if (e.startsWith("other::")) {
                String perms = e.substring("other::".length());
                out.add("other::" + (perms.length() == 3 ? perms.substring(0, 2) : "--") + "x");
            } else {
                out.add(e);
            }
        }
        if (out.stream().noneMatch(e -> e.startsWith("other::"))) out.add("other::--x");
        return String.join(",", out);
    }
}
