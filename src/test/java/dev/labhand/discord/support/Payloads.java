package dev.labhand.discord.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * JSON shaped like Discord's (API v10) for the objects the fake hands to JDA. Field choices follow what
 * JDA 6.5's entity builders read without a default: a missing one makes JDA drop the event.
 */
final class Payloads {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** Permissions of @everyone: view, send, embed, attach, history, reactions, external emoji, app commands, threads. */
    static final long EVERYONE_PERMISSIONS = (1L) | (1L << 6) | (1L << 10) | (1L << 11) | (1L << 14) | (1L << 15)
            | (1L << 16) | (1L << 18) | (1L << 31) | (1L << 38);
    /** The bot's managed role: ADMINISTRATOR and everything else. */
    static final long BOT_PERMISSIONS = (1L << 50) - 1;

    static final String JOINED_AT = "2024-01-01T00:00:00.000000+00:00";

    /** A guild as addGuild describes it; botRoleId is the bot's own managed role. */
    record GuildSpec(long id, Map<Long, String> roles, long textChannelId, long botRoleId) {}

    private Payloads() {}

    static ObjectNode obj() {
        return F.objectNode();
    }

    static ArrayNode arr() {
        return F.arrayNode();
    }

    static String id(long snowflake) {
        return Long.toUnsignedString(snowflake);
    }

    static String now() {
        return OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    static ObjectNode botUser() {
        ObjectNode u = obj();
        u.put("id", id(FakeDiscord.BOT_ID));
        u.put("username", "labhand");
        u.putNull("global_name");
        u.put("discriminator", "0000");
        u.putNull("avatar");
        u.put("bot", true);
        u.put("verified", true);
        u.put("mfa_enabled", false);
        u.put("flags", 0);
        u.put("public_flags", 0);
        return u;
    }

    static ObjectNode user(FakeDiscord.User user) {
        ObjectNode u = obj();
        u.put("id", id(user.id()));
        u.put("username", user.name());
        u.put("global_name", user.name());
        u.put("discriminator", "0");
        u.putNull("avatar");
        u.put("public_flags", 0);
        u.put("bot", false);
        return u;
    }

    /** A partial user for a recipient the fake knows only by id. */
    static ObjectNode unknownUser(long userId) {
        return user(new FakeDiscord.User(userId, "user" + userId, "en-US", List.of()));
    }

    static ObjectNode role(long roleId, String name, int position, long permissions, Long botId) {
        ObjectNode r = obj();
        r.put("id", id(roleId));
        r.put("name", name);
        r.put("color", 0);
        ObjectNode colors = r.putObject("colors");
        colors.put("primary_color", 0);
        colors.putNull("secondary_color");
        colors.putNull("tertiary_color");
        r.put("hoist", false);
        r.putNull("icon");
        r.putNull("unicode_emoji");
        r.put("position", position);
        r.put("permissions", Long.toString(permissions));
        r.put("managed", botId != null);
        r.put("mentionable", false);
        r.put("flags", 0);
        if (botId != null) {
            r.putObject("tags").put("bot_id", id(botId));
        }
        return r;
    }

    static ObjectNode textChannel(long channelId, long guildId) {
        ObjectNode c = obj();
        c.put("id", id(channelId));
        c.put("type", 0);
        c.put("guild_id", id(guildId));
        c.put("name", "general");
        c.put("position", 0);
        c.putArray("permission_overwrites");
        c.put("nsfw", false);
        c.putNull("topic");
        c.putNull("last_message_id");
        c.put("rate_limit_per_user", 0);
        c.putNull("parent_id");
        c.put("flags", 0);
        return c;
    }

    static ObjectNode dmChannel(long channelId, ObjectNode recipient) {
        ObjectNode c = obj();
        c.put("id", id(channelId));
        c.put("type", 1);
        c.putNull("last_message_id");
        c.put("flags", 0);
        c.putArray("recipients").add(recipient);
        return c;
    }

    /** A guild member; roles are the member's own role ids (not @everyone). */
    static ObjectNode member(ObjectNode userOrNull, Collection<Long> roles, long permissionsOrMinus1) {
        ObjectNode m = obj();
        if (userOrNull != null) {
            m.set("user", userOrNull);
        }
        ArrayNode r = m.putArray("roles");
        roles.forEach(roleId -> r.add(id(roleId)));
        m.put("joined_at", JOINED_AT);
        m.putNull("nick");
        m.putNull("avatar");
        m.putNull("premium_since");
        m.putNull("communication_disabled_until");
        m.put("deaf", false);
        m.put("mute", false);
        m.put("flags", 0);
        m.put("pending", false);
        if (permissionsOrMinus1 >= 0) {
            m.put("permissions", Long.toString(permissionsOrMinus1));
        }
        return m;
    }

    static ObjectNode unavailableGuild(long guildId) {
        ObjectNode g = obj();
        g.put("id", id(guildId));
        g.put("unavailable", true);
        return g;
    }

    static ObjectNode guildCreate(GuildSpec spec) {
        ObjectNode g = obj();
        g.put("id", id(spec.id()));
        g.put("name", "guild-" + spec.id());
        g.putNull("icon");
        g.putNull("splash");
        g.putNull("banner");
        g.putNull("description");
        g.putNull("vanity_url_code");
        g.put("owner_id", id(FakeDiscord.BOT_ID - 1000));
        g.put("preferred_locale", "en-US");
        g.put("afk_timeout", 300);
        g.put("verification_level", 0);
        g.put("default_message_notifications", 0);
        g.put("explicit_content_filter", 0);
        g.put("mfa_level", 0);
        g.put("nsfw_level", 0);
        g.put("premium_tier", 0);
        g.put("premium_subscription_count", 0);
        g.put("premium_progress_bar_enabled", false);
        g.put("system_channel_flags", 0);
        g.put("max_members", 500000);
        g.putNull("application_id");
        g.put("joined_at", JOINED_AT);
        g.put("large", false);
        g.put("unavailable", false);
        g.put("lazy", true);
        g.putArray("features");

        ArrayNode roles = g.putArray("roles");
        roles.add(role(spec.id(), "@everyone", 0, EVERYONE_PERMISSIONS, null));
        int position = 1;
        for (Map.Entry<Long, String> role : spec.roles().entrySet()) {
            roles.add(role(role.getKey(), role.getValue(), position++, EVERYONE_PERMISSIONS, null));
        }
        roles.add(role(spec.botRoleId(), "Labhand", position, BOT_PERMISSIONS, FakeDiscord.BOT_ID));

        g.putArray("channels").add(textChannel(spec.textChannelId(), spec.id()));
        g.putArray("members").add(member(botUser(), List.of(spec.botRoleId()), -1));
        g.put("member_count", 1);
        g.putArray("threads");
        g.putArray("guild_scheduled_events");
        g.putArray("emojis");
        g.putArray("stickers");
        g.putArray("soundboard_sounds");
        g.putArray("voice_states");
        g.putArray("presences");
        g.putArray("stage_instances");
        return g;
    }

    static ObjectNode ready(String sessionId, String resumeUrl, Collection<Long> guildIds) {
        ObjectNode d = obj();
        d.put("v", 10);
        d.set("user", botUser());
        ArrayNode guilds = d.putArray("guilds");
        guildIds.forEach(g -> guilds.add(unavailableGuild(g)));
        d.putArray("private_channels");
        d.putArray("presences");
        d.putArray("relationships");
        d.putArray("guild_join_requests");
        d.putArray("geo_ordered_rtc_regions");
        d.putObject("user_settings");
        d.putObject("auth");
        d.put("session_type", "normal");
        d.put("session_id", sessionId);
        d.put("resume_gateway_url", resumeUrl);
        ObjectNode app = d.putObject("application");
        app.put("id", id(FakeDiscord.APP_ID));
        app.put("flags", 0);
        d.putArray("_trace").add("[\"fake-discord\",{\"micros\":1}]");
        return d;
    }

    /** A message as Discord returns it. guildId 0 for DMs; webhook true for interaction responses. */
    static ObjectNode message(long messageId, long channelId, long guildId, ObjectNode author, JsonNode data,
            boolean webhook) {
        ObjectNode m = obj();
        m.put("id", id(messageId));
        m.put("type", 0);
        m.put("channel_id", id(channelId));
        if (guildId != 0) {
            m.put("guild_id", id(guildId));
        }
        m.set("author", author);
        m.put("content", "");
        m.put("timestamp", now());
        m.putNull("edited_timestamp");
        m.put("tts", false);
        m.put("mention_everyone", false);
        m.putArray("mentions");
        m.putArray("mention_roles");
        m.putArray("attachments");
        m.putArray("embeds");
        m.putArray("components");
        m.put("pinned", false);
        m.put("flags", 0);
        if (webhook) {
            m.put("webhook_id", id(FakeDiscord.APP_ID));
            m.put("application_id", id(FakeDiscord.APP_ID));
        }
        applyEdit(m, data);
        return m;
    }

    /** Copies the message fields of a create/edit request body into a stored message. */
    static void applyEdit(ObjectNode message, JsonNode data) {
        if (data == null || !data.isObject()) {
            return;
        }
        for (String field : List.of("content", "embeds", "components", "attachments", "tts", "poll")) {
            JsonNode value = data.get(field);
            if (value != null && !value.isNull()) {
                message.set(field, value.deepCopy());
            }
        }
        JsonNode embeds = message.get("embeds");
        if (embeds != null && embeds.isArray()) {
            // Discord answers every embed with its type; JDA refuses to parse one without it
            for (JsonNode e : embeds) {
                if (e.isObject() && !e.has("type")) ((ObjectNode) e).put("type", "rich");
            }
        }
        JsonNode flags = data.get("flags");
        if (flags != null && flags.isNumber()) {
            // suppress-embeds and ephemeral and components-v2 are settable; keep what the bot asked for
            message.put("flags", flags.asInt());
        }
        JsonNode attachments = message.get("attachments");
        JsonNode files = data.path("_files");
        if (attachments != null && attachments.isArray()) {
            // attachments in a request carry {id, filename}; a message's attachments need url, size and so on
            ArrayNode fixed = arr();
            for (JsonNode a : attachments) {
                ObjectNode copy = a.isObject() ? ((ObjectNode) a).deepCopy() : obj();
                String filename = copy.path("filename").asText("file");
                copy.put("id", id(Snowflakes.next()));
                copy.put("filename", filename);
                int size = copy.path("size").asInt(0);
                for (JsonNode f : files) {
                    if (filename.equals(f.path("filename").asText())) {
                        size = f.path("size").asInt(size);
                    }
                }
                copy.put("size", size);
                copy.put("url", "http://127.0.0.1/attachments/" + filename);
                copy.put("proxy_url", "http://127.0.0.1/attachments/" + filename);
                fixed.add(copy);
            }
            message.set("attachments", fixed);
        }
    }
}
