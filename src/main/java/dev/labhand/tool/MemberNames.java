package dev.labhand.tool;

/**
 * How replies name a member: by the name the platform last gave them (a Discord display name), not by
 * their numeric id. A member the store has never seen is named by their id.
 */
@FunctionalInterface
public interface MemberNames {
    /** Names members by their ids (a console's names are its ids anyway). */
    MemberNames IDS = id -> id;

    /** The member's name for a reply; the id itself when none is known. */
    String nameOf(String memberId);
}
