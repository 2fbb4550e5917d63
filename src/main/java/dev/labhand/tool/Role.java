package dev.labhand.tool;

import java.util.Locale;

/** Who a caller is in the course. Roles are ordered: each one can do what the one below it can. */
public enum Role {
    LEARNER, INSTRUCTOR, ADMIN;

    public boolean atLeast(Role other) {
        return ordinal() >= other.ordinal();
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role parse(String text) {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
    }
}
