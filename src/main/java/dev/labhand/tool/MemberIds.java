package dev.labhand.tool;

/** A member's platform id as one safe path segment, wherever Labhand files things per member (volumes, storage). */
public final class MemberIds {
    private MemberIds() {}

    /** Letters, digits, '_' and '-' kept, anything else '_'; never empty and never starting with '.'. */
    public static String folder(String id) {
        String s = id.replaceAll("[^A-Za-z0-9_-]", "_");
        return s.isEmpty() ? "_" : s;
    }
}
