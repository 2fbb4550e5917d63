package dev.labhand.discord;

import dev.labhand.config.LabhandConfig;
import dev.labhand.store.MemberRepository;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Caller.Lang;
import dev.labhand.tool.Role;
import java.util.List;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.User;
import net.dv8tion.jda.api.interactions.DiscordLocale;

/**
 * Who is calling, from what Discord says: the user id, the member's roles mapped through the
 * configuration (names or ids) to learner / instructor / admin, the client's language, and the name
 * Discord shows for them (server nickname, else global display name, else username; lists show owners by
 * it). A DM carries no roles, so the role the member had when last seen in the course guild is used; a DM
 * or a message mentioning the bot carries no language either, so the member's stored language is used,
 * and the configured default only for a member never seen.
 */
final class MemberMapper {
    private final List<String> instructorRoles;
    private final List<String> adminRoles;
    private final MemberRepository members;
    private final Lang defaultLang;

    MemberMapper(LabhandConfig.Discord config, MemberRepository members, Lang defaultLang) {
        this.instructorRoles = config.instructorRoles();
        this.adminRoles = config.adminRoles();
        this.members = members;
        this.defaultLang = defaultLang;
    }

    Caller caller(User user, Member member, DiscordLocale locale, String channelId) {
        Role role = member == null ? members.knownRole(user.getId()).orElse(Role.LEARNER) : roleOf(member);
        // a DM or a mention carries no locale: the language stored for the member, else the default
        Lang lang = locale == null || locale == DiscordLocale.UNKNOWN
                ? members.knownLocale(user.getId()).orElse(defaultLang) : clientLang(locale);
        String name = member != null ? member.getEffectiveName() : user.getEffectiveName();
        return new Caller(user.getId(), name, role, lang, channelId);
    }

    /** The language of the member's Discord client, the configured default when it says none (no store read). */
    Lang clientLang(DiscordLocale locale) {
        return locale == null || locale == DiscordLocale.UNKNOWN ? defaultLang
                : locale == DiscordLocale.KOREAN ? Lang.KO : Lang.EN;
    }

    Role roleOf(Member member) {
        if (member.hasPermission(Permission.ADMINISTRATOR) || matches(member, adminRoles)) return Role.ADMIN;
        if (matches(member, instructorRoles)) return Role.INSTRUCTOR;
        return Role.LEARNER;
    }

    private static boolean matches(Member member, List<String> configured) {
        return member.getRoles().stream().anyMatch(r -> configured.stream()
                .anyMatch(c -> c.equals(r.getId()) || c.equalsIgnoreCase(r.getName())));
    }
}
