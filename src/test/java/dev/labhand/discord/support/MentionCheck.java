package dev.labhand.discord.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Discord would notify for a message the bot sent, from the request's {@code content} and
 * {@code allowed_mentions} (Discord's rules: with no allowed_mentions every mention in the content notifies;
 * with them only the parse types listed, plus the users and roles named; a reply notifies the author of the
 * message replied to unless {@code replied_user} is false; embeds never notify). Tests use it to prove the bot
 * cannot be made to ping anyone.
 */
public final class MentionCheck {
    private static final Pattern USER = Pattern.compile("<@!?([0-9]+)>");
    private static final Pattern ROLE = Pattern.compile("<@&([0-9]+)>");
    private static final Pattern EVERYONE = Pattern.compile("@(everyone|here)");

    private MentionCheck() {}

    /** True for a REST call that creates or edits a message (replies, follow-ups, edits, channel messages, DMs). */
    public static boolean sendsMessage(FakeDiscord.Call c) {
        if (c.body() == null || !c.body().isObject()) return false;
        if (c.is("POST", "interactions/\\d+/[^/]+/callback")) {
            int type = c.body().path("type").asInt();
            return type == 4 || type == 7;
        }
        return c.is("POST", "webhooks/\\d+/[^/]+") || c.is("PATCH", "webhooks/\\d+/[^/]+/messages/[^/]+")
                || c.is("POST", "channels/\\d+/messages") || c.is("PATCH", "channels/\\d+/messages/\\d+");
    }

    /** The message part of a call: the callback's data, else the body itself. */
    public static JsonNode message(FakeDiscord.Call c) {
        return c.path().endsWith("/callback") ? c.body().path("data") : c.body();
    }

    /**
     * Whom Discord would notify for this call: "user:ID", "role:ID", "everyone", "replied-user"; empty when the
     * message notifies nobody.
     */
    public static Set<String> pings(FakeDiscord.Call c) {
        Set<String> out = new TreeSet<>();
        if (!sendsMessage(c)) return out;
        JsonNode m = message(c);
        String content = m.path("content").asText("");
        JsonNode allowed = m.get("allowed_mentions");
        boolean all = allowed == null || allowed.isNull();
        Set<String> parse = new TreeSet<>();
        if (!all) allowed.path("parse").forEach(p -> parse.add(p.asText()));
        collect(USER, content, "user:", all || parse.contains("users"), all ? null : ids(allowed.path("users")), out);
        collect(ROLE, content, "role:", all || parse.contains("roles"), all ? null : ids(allowed.path("roles")), out);
        if (EVERYONE.matcher(content).find() && (all || parse.contains("everyone"))) out.add("everyone");
        if (m.hasNonNull("message_reference") && (all || allowed.path("replied_user").asBoolean(false))) {
            out.add("replied-user");
        }
        return out;
    }

    /** Every message-sending call of {@code calls} that would notify someone, with whom. */
    public static List<String> leaks(List<FakeDiscord.Call> calls) {
        return calls.stream().filter(c -> !pings(c).isEmpty()).map(c -> pings(c) + " <- " + c).toList();
    }

    private static Set<String> ids(JsonNode array) {
        Set<String> out = new TreeSet<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static void collect(Pattern p, String content, String prefix, boolean every, Set<String> named,
            Set<String> out) {
        Matcher m = p.matcher(content);
        while (m.find()) {
            if (every || (named != null && named.contains(m.group(1)))) out.add(prefix + m.group(1));
        }
    }
}
