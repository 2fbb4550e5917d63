package dev.labhand.tool;

import java.util.Locale;
import java.util.Objects;

/**
 * The member on whose behalf a tool runs. It always comes from the platform (Discord, the console's
 * flags), never from arguments a model wrote.
 *
 * @param id      platform user id, stable (the owner label on containers)
 * @param name    display name, for replies only
 * @param role    course role
 * @param locale  "ko" or "en"
 * @param channel where the call came from (a channel id, or "console")
 */
public record Caller(String id, String name, Role role, Lang locale, String channel) {
    public Caller {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(locale, "locale");
        name = name == null ? id : name;
        channel = channel == null ? "" : channel;
    }

    /** Instructors and admins may act on any member's resources; learners only on their own. */
    public boolean mayActFor(String ownerId) {
        return role.atLeast(Role.INSTRUCTOR) || id.equals(ownerId);
    }

    /** The two languages of the course. */
    public enum Lang {
        KO, EN;

        public Locale locale() {
            return this == KO ? Locale.KOREAN : Locale.ENGLISH;
        }

        public static Lang parse(String text) {
            return text != null && text.trim().toLowerCase(Locale.ROOT).startsWith("ko") ? KO : EN;
        }
    }
}
