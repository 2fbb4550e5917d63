package dev.labhand.discord;

import dev.labhand.host.account.CourseRoster;
import dev.labhand.host.account.Offboarding;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.events.GenericEvent;
import net.dv8tion.jda.api.events.RawGatewayEvent;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.hooks.EventListener;
import net.dv8tion.jda.api.requests.ErrorResponse;
import net.dv8tion.jda.api.utils.data.DataArray;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Offboarding from Discord. With the privileged GUILD_MEMBERS intent ({@code accounts.membersIntent: true}) Discord
 * sends GUILD_MEMBER_REMOVE and GUILD_MEMBER_UPDATE, read here as raw events (the light client keeps no member
 * cache, so JDA's own member events would not fire); a member who left a course guild or whose roles no longer hold
 * the course role is offboarded at once. Without the intent, the {@link #roster} is what the periodic check asks:
 * one REST member fetch per member with an account.
 */
final class MemberLeaves implements EventListener {
    private static final Logger log = LoggerFactory.getLogger(MemberLeaves.class);
    private final JDA jda;
    private final List<String> guilds;
    private final String courseRole;
    private final Offboarding offboarding;
    private final ExecutorService work;

    MemberLeaves(JDA jda, List<String> guilds, String courseRole, Offboarding offboarding, ExecutorService work) {
        this.jda = jda;
        this.guilds = guilds;
        this.courseRole = courseRole;
        this.offboarding = offboarding;
        this.work = work;
    }

    @Override
    public void onEvent(GenericEvent event) {
        if (!(event instanceof RawGatewayEvent raw)) return;
        String type = raw.getType();
        if (!type.equals("GUILD_MEMBER_REMOVE") && !type.equals("GUILD_MEMBER_UPDATE")) return;
        DataObject d = raw.getPayload();
        String guild = d.getString("guild_id", "");
        if (!guilds.contains(guild)) return;
        String user = d.getObject("user").getString("id");
        if (type.equals("GUILD_MEMBER_REMOVE")) {
            work.execute(() -> offboard(user, "left"));
        } else if (!courseRole.isEmpty() && !holdsCourseRole(guild, d.optArray("roles").orElse(DataArray.empty()))) {
            work.execute(() -> offboard(user, "role"));
        }
    }

    private void offboard(String user, String why) {
        try {
            offboarding.memberLeft(user, why);
        } catch (RuntimeException e) {
            log.error("offboarding {} ({}) failed", user, why, e);
        }
    }

    private boolean holdsCourseRole(String guildId, DataArray roles) {
        Guild guild = jda.getGuildById(guildId);
        for (int i = 0; i < roles.length(); i++) {
            String id = roles.getString(i);
            if (id.equals(courseRole)) return true;
            if (guild != null && guild.getRoleById(id) != null && guild.getRoleById(id).getName().equalsIgnoreCase(courseRole)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a member is in one of the course guilds with the course role, asked of Discord (REST). */
    CourseRoster roster() {
        return memberId -> {
            if (!memberId.matches("\\d{5,20}")) return Optional.empty(); // not a Discord member (console names)
            boolean anyAnswer = false;
            for (String id : guilds) {
                Guild guild = jda.getGuildById(id);
                if (guild == null) continue;
                try {
                    Member m = guild.retrieveMemberById(memberId).complete();
                    anyAnswer = true;
                    if (courseRole.isEmpty() || m.getRoles().stream().anyMatch(r -> r.getId().equals(courseRole)
                            || r.getName().equalsIgnoreCase(courseRole))) {
                        return Optional.of(true);
                    }
                } catch (ErrorResponseException e) {
                    if (e.getErrorResponse() == ErrorResponse.UNKNOWN_MEMBER || e.getErrorResponse() == ErrorResponse.UNKNOWN_USER) {
                        anyAnswer = true;
                    } else {
                        log.warn("roster check of {} in guild {}: {}", memberId, id, e.getMeaning());
                    }
                } catch (RuntimeException e) {
                    log.warn("roster check of {} in guild {}: {}", memberId, id, e.toString());
                }
            }
            return anyAnswer ? Optional.of(false) : Optional.empty();
        };
    }
}
