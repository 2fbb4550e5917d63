package dev.labhand.host.account;

import java.util.Optional;

/**
 * Whether a member is still in the course (in the course's Discord guild, with the course role). The Discord
 * front end asks Discord; without it nothing is known.
 */
@FunctionalInterface
public interface CourseRoster {
    /** True or false when the platform answered; empty when it cannot tell (no platform, not reachable). */
    Optional<Boolean> inCourse(String memberId);

    CourseRoster UNKNOWN = memberId -> Optional.empty();
}
