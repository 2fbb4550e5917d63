package dev.labhand.discord.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import okhttp3.MultipartReader;
import okio.Buffer;
import okio.ByteString;

/**
 * The REST side of the fake: records every call under /api/v10/ and answers the routes a bot uses
 * (self user, application, command overwrite, interaction callback/followups/edits, DMs, channel messages).
 * Anything else is a 404 {"message":"Unknown","code":0}. /gateway with an Upgrade header becomes the websocket.
 */
final class FakeRest extends Dispatcher {
    private static final String API_PREFIX = "api/v10/";
    private static final Pattern GLOBAL_COMMANDS = Pattern.compile("applications/(\\d+)/commands");
    private static final Pattern GUILD_COMMANDS = Pattern.compile("applications/(\\d+)/guilds/(\\d+)/commands");
    private static final Pattern CALLBACK = Pattern.compile("interactions/(\\d+)/([^/]+)/callback");
    private static final Pattern WEBHOOK = Pattern.compile("webhooks/(\\d+)/([^/]+)");
    private static final Pattern WEBHOOK_MESSAGE = Pattern.compile("webhooks/(\\d+)/([^/]+)/messages/([^/]+)");
    private static final Pattern CHANNEL_MESSAGES = Pattern.compile("channels/(\\d+)/messages");
    private static final Pattern CHANNEL_MESSAGE = Pattern.compile("channels/(\\d+)/messages/(\\d+)");
    private static final Pattern CHANNEL_TYPING = Pattern.compile("channels/(\\d+)/typing");
    private static final Pattern GUILD_MEMBER = Pattern.compile("guilds/(\\d+)/members/(\\d+)");

    private final FakeDiscord fake;

    FakeRest(FakeDiscord fake) {
        this.fake = fake;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        HttpUrl url = request.getUrl();
        String path = String.join("/", url.pathSegments());
        String upgrade = request.getHeaders().get("Upgrade");
        if (path.equals("gateway") && upgrade != null && upgrade.equalsIgnoreCase("websocket")) {
            return new MockResponse.Builder().webSocketUpgrade(fake.gateway.newConnection()).build();
        }
        String method = request.getMethod();
        String rel = path.startsWith(API_PREFIX) ? path.substring(API_PREFIX.length()) : "/" + path;
        long received = System.nanoTime();
        JsonNode body = parseBody(request);
        if (!method.equals("GET") && (match(WEBHOOK, rel) != null || match(WEBHOOK_MESSAGE, rel) != null)) {
            Duration retryAfter = fake.takeWebhookRateLimit(new FakeDiscord.Call(method, "/" + path, body, received));
            if (retryAfter != null) {
                return rateLimited(retryAfter);
            }
        }
        MockResponse response;
        try {
            response = route(method, rel, body == null ? null : body.deepCopy(), url);
        } catch (RuntimeException e) {
            response = error(500, 0, "fake Discord failed: " + e);
        }
        // recorded once answered, so a test that saw the call also sees the fake's state after it
        fake.record(new FakeDiscord.Call(method, "/" + path, body, received));
        return response;
    }

    private MockResponse route(String method, String rel, JsonNode body, HttpUrl url) {
        Matcher m;
        switch (method + " " + rel) {
            case "GET users/@me":
                return json(200, Payloads.botUser());
            case "GET applications/@me", "GET oauth2/applications/@me":
                return json(200, application());
            case "GET gateway", "GET gateway/bot":
                return json(200, gatewayBot());
            case "POST users/@me/channels":
                if (body == null || !body.hasNonNull("recipient_id")) {
                    return error(400, 50035, "Invalid Form Body");
                }
                return json(200, fake.openDm(body.path("recipient_id").asLong()));
            default:
                break;
        }
        if ((m = match(GLOBAL_COMMANDS, rel)) != null && isApp(m.group(1))) {
            return commands(method, 0, body);
        }
        if ((m = match(GUILD_COMMANDS, rel)) != null && isApp(m.group(1))) {
            return commands(method, Long.parseUnsignedLong(m.group(2)), body);
        }
        if ((m = match(CALLBACK, rel)) != null && method.equals("POST")) {
            return callback(Long.parseUnsignedLong(m.group(1)), m.group(2), body,
                    "true".equals(url.queryParameter("with_response")));
        }
        if ((m = match(WEBHOOK, rel)) != null && method.equals("POST") && isApp(m.group(1))) {
            return followup(m.group(2), body);
        }
        if ((m = match(WEBHOOK_MESSAGE, rel)) != null && isApp(m.group(1))) {
            return webhookMessage(method, m.group(2), m.group(3), body);
        }
        if ((m = match(CHANNEL_MESSAGES, rel)) != null && method.equals("POST")) {
            return createChannelMessage(Long.parseUnsignedLong(m.group(1)), body);
        }
        if ((m = match(CHANNEL_MESSAGE, rel)) != null) {
            return channelMessage(method, Long.parseUnsignedLong(m.group(1)), Long.parseUnsignedLong(m.group(2)),
                    body);
        }
        if (match(CHANNEL_TYPING, rel) != null && method.equals("POST")) {
            return noContent();
        }
        if ((m = match(GUILD_MEMBER, rel)) != null && method.equals("GET")) {
            JsonNode member = fake.guildMember(Long.parseUnsignedLong(m.group(1)), Long.parseUnsignedLong(m.group(2)));
            return member == null ? error(404, 10007, "Unknown Member") : json(200, member);
        }
        return error(404, 0, "Unknown");
    }

    private MockResponse commands(String method, long guildId, JsonNode body) {
        switch (method) {
            case "PUT": {
                if (body == null || !body.isArray()) {
                    return error(400, 50035, "Invalid Form Body");
                }
                int[] whole = fake.commandRules.whole();
                if (whole != null) {
                    return error(whole[0], whole[1], fake.commandRules.wholeMessage());
                }
                ObjectNode refused = fake.commandRules.errors((ArrayNode) body);
                if (refused != null) {
                    ObjectNode e = Payloads.obj();
                    e.put("code", 50035);
                    e.set("errors", refused);
                    e.put("message", "Invalid Form Body");
                    return json(400, e);
                }
                return json(200, fake.overwriteCommands(guildId, (ArrayNode) body));
            }
            case "GET":
                return json(200, fake.commands(guildId));
            default:
                return error(404, 0, "Unknown");
        }
    }

    private MockResponse callback(long interactionId, String token, JsonNode body, boolean withResponse) {
        FakeDiscord.Interaction interaction = fake.interaction(interactionId);
        if (interaction == null || !interaction.token.equals(token)) {
            return error(404, 10062, "Unknown interaction");
        }
        if (body == null || !body.isObject()) {
            return error(400, 50035, "Invalid Form Body");
        }
        int type = body.path("type").asInt(-1);
        JsonNode data = body.path("data");
        ObjectNode message = null;
        synchronized (interaction) {
            if (interaction.acknowledged) {
                return error(400, 40060, "Interaction has already been acknowledged.");
            }
            interaction.acknowledged = true;
            interaction.callbackType = type;
            switch (type) {
                case 4 -> {
                    message = fake.storeMessage(Snowflakes.next(), interaction.channelId, interaction.guildId, data,
                            true);
                    interaction.originalMessageId = message.path("id").asLong();
                }
                case 5 -> {
                    ObjectNode loading = fake.storeMessage(Snowflakes.next(), interaction.channelId,
                            interaction.guildId, data, true);
                    interaction.originalMessageId = loading.path("id").asLong();
                    fake.markLoading(interaction.originalMessageId);
                }
                case 6 -> interaction.originalMessageId = interaction.componentMessageId;
                case 7 -> {
                    message = fake.editMessage(interaction.componentMessageId, interaction.channelId,
                            interaction.guildId, data);
                    interaction.originalMessageId = interaction.componentMessageId;
                }
                default -> {
                    // 8 autocomplete result, 9 modal, 12 launch activity: no message
                }
            }
        }
        if (!withResponse) {
            return noContent();
        }
        ObjectNode answer = Payloads.obj();
        ObjectNode i = answer.putObject("interaction");
        i.put("id", Payloads.id(interactionId));
        i.put("type", interaction.type);
        i.putNull("activity_instance_id");
        if (interaction.originalMessageId != 0) {
            ObjectNode original = fake.message(interaction.originalMessageId);
            i.put("response_message_id", Payloads.id(interaction.originalMessageId));
            i.put("response_message_loading", type == 5);
            i.put("response_message_ephemeral", original != null && (original.path("flags").asInt() & 64) != 0);
        }
        ObjectNode resource = answer.putObject("resource");
        resource.put("type", type);
        if (message != null) {
            resource.set("message", message.deepCopy());
        }
        return json(200, answer);
    }

    private MockResponse followup(String token, JsonNode body) {
        FakeDiscord.Interaction interaction = fake.interactionByToken(token);
        if (interaction == null) {
            return error(404, 10015, "Unknown Webhook");
        }
        synchronized (interaction) {
            if (!interaction.acknowledged) {
                return error(404, 10015, "Unknown Webhook");
            }
            ObjectNode original = fake.message(interaction.originalMessageId);
            if (interaction.callbackType == 5 && original != null && (original.path("flags").asInt() & 128) != 0) {
                // Discord: after a deferred reply the first followup replaces the "thinking" message
                return json(200, fake.followupReplacingDeferred(interaction, body));
            }
            return json(200,
                    fake.storeMessage(Snowflakes.next(), interaction.channelId, interaction.guildId, body, true));
        }
    }

    private MockResponse webhookMessage(String method, String token, String messageRef, JsonNode body) {
        FakeDiscord.Interaction interaction = fake.interactionByToken(token);
        if (interaction == null) {
            return error(404, 10015, "Unknown Webhook");
        }
        synchronized (interaction) {
            long messageId = messageRef.equals("@original")
                    ? interaction.originalMessageId
                    : Long.parseUnsignedLong(messageRef);
            ObjectNode message = fake.message(messageId);
            if (message == null) {
                return error(404, 10008, "Unknown Message");
            }
            switch (method) {
                case "GET":
                    return json(200, message);
                case "PATCH":
                    return json(200, messageId == interaction.originalMessageId
                            ? fake.editOriginal(interaction, body)
                            : fake.editMessage(messageId, interaction.channelId, interaction.guildId, body));
                case "DELETE":
                    fake.deleteMessage(messageId);
                    return noContent();
                default:
                    return error(405, 0, "405: Method Not Allowed");
            }
        }
    }

    private MockResponse createChannelMessage(long channelId, JsonNode body) {
        Long guildId = fake.guildOfChannel(channelId);
        if (guildId == null) {
            return error(404, 10003, "Unknown Channel");
        }
        return json(200, fake.storeMessage(Snowflakes.next(), channelId, guildId, body, false));
    }

    private MockResponse channelMessage(String method, long channelId, long messageId, JsonNode body) {
        ObjectNode message = fake.message(messageId);
        if (message == null || message.path("channel_id").asLong() != channelId) {
            return error(404, 10008, "Unknown Message");
        }
        switch (method) {
            case "GET":
                return json(200, message);
            case "PATCH":
                return json(200, fake.editMessage(messageId, channelId, message.path("guild_id").asLong(0), body));
            case "DELETE":
                fake.deleteMessage(messageId);
                return noContent();
            default:
                return error(405, 0, "405: Method Not Allowed");
        }
    }

    private static ObjectNode application() {
        ObjectNode a = Payloads.obj();
        a.put("id", Payloads.id(FakeDiscord.APP_ID));
        a.put("name", "labhand");
        a.putNull("icon");
        a.put("description", "");
        a.putArray("rpc_origins");
        a.put("bot_public", false);
        a.put("bot_require_code_grant", false);
        a.set("bot", Payloads.botUser());
        a.put("verify_key", "0".repeat(64));
        a.put("flags", 0);
        a.putNull("team");
        ObjectNode owner = Payloads.unknownUser(FakeDiscord.BOT_ID - 1000);
        a.set("owner", owner);
        a.putArray("tags");
        a.putArray("redirect_uris");
        a.putNull("interactions_endpoint_url");
        a.putNull("role_connections_verification_url");
        a.put("approximate_guild_count", 1);
        a.put("approximate_user_install_count", 0);
        return a;
    }

    private ObjectNode gatewayBot() {
        ObjectNode g = Payloads.obj();
        g.put("url", fake.gatewayUrl());
        g.put("shards", 1);
        ObjectNode limit = g.putObject("session_start_limit");
        limit.put("total", 1000);
        limit.put("remaining", 1000);
        limit.put("reset_after", 0);
        limit.put("max_concurrency", 1);
        return g;
    }

    private static boolean isApp(String id) {
        return Long.parseUnsignedLong(id) == FakeDiscord.APP_ID;
    }

    private static Matcher match(Pattern pattern, String rel) {
        Matcher m = pattern.matcher(rel);
        return m.matches() ? m : null;
    }

    static MockResponse json(int code, JsonNode body) {
        return new MockResponse.Builder()
                .code(code)
                .setHeader("Content-Type", "application/json")
                .body(body.toString())
                .build();
    }

    /**
     * Discord's answer to a request over its route's limit, headers as Discord sends them: Retry-After in whole
     * seconds (rounded up), the X-RateLimit-* ones with decimals, and Via (Discord's edge; a 429 without it is a
     * Cloudflare ban to JDA, which then stops every route).
     */
    static MockResponse rateLimited(Duration retryAfter) {
        double seconds = retryAfter.toMillis() / 1000.0;
        ObjectNode body = Payloads.obj();
        body.put("message", "You are being rate limited.");
        body.put("retry_after", seconds);
        body.put("global", false);
        double reset = System.currentTimeMillis() / 1000.0 + seconds;
        return new MockResponse.Builder()
                .code(429)
                .setHeader("Content-Type", "application/json")
                .setHeader("Retry-After", Long.toString((long) Math.ceil(seconds)))
                .setHeader("X-RateLimit-Limit", "5")
                .setHeader("X-RateLimit-Remaining", "0")
                .setHeader("X-RateLimit-Reset", String.format(java.util.Locale.ROOT, "%.3f", reset))
                .setHeader("X-RateLimit-Reset-After", String.format(java.util.Locale.ROOT, "%.3f", seconds))
                .setHeader("X-RateLimit-Bucket", "6f1f0cbd6e4b2a5d8c7e9f0a1b2c3d4e")
                .setHeader("X-RateLimit-Scope", "user")
                .setHeader("Via", "1.1 google")
                .body(body.toString())
                .build();
    }

    static MockResponse noContent() {
        return new MockResponse.Builder().code(204).build();
    }

    static MockResponse error(int code, int discordCode, String message) {
        ObjectNode e = Payloads.obj();
        e.put("message", message);
        e.put("code", discordCode);
        return json(code, e);
    }

    /**
     * JSON bodies as parsed; multipart bodies (JDA sends these when a message has files) as their
     * payload_json part plus "_files": [{name, filename, content_type, size, text}] (text for small files).
     */
    static JsonNode parseBody(RecordedRequest request) {
        ByteString raw = request.getBody();
        if (raw == null || raw.size() == 0) {
            return null;
        }
        String contentType = request.getHeaders().get("Content-Type");
        try {
            if (contentType != null && contentType.startsWith("multipart/")) {
                return parseMultipart(raw, contentType);
            }
            return Payloads.JSON.readTree(raw.toByteArray());
        } catch (IOException e) {
            return new TextNode(raw.string(StandardCharsets.UTF_8));
        }
    }

    private static JsonNode parseMultipart(ByteString raw, String contentType) throws IOException {
        String boundary = null;
        for (String part : contentType.split(";")) {
            String p = part.trim();
            if (p.startsWith("boundary=")) {
                boundary = p.substring("boundary=".length()).replace("\"", "");
            }
        }
        if (boundary == null) {
            return new TextNode(raw.string(StandardCharsets.UTF_8));
        }
        ObjectNode result = Payloads.obj();
        ArrayNode files = Payloads.arr();
        try (MultipartReader reader = new MultipartReader(new Buffer().write(raw), boundary)) {
            MultipartReader.Part part;
            while ((part = reader.nextPart()) != null) {
                String disposition = String.valueOf(part.headers().get("Content-Disposition"));
                String name = attribute(disposition, "name");
                byte[] bytes = part.body().readByteArray();
                if ("payload_json".equals(name)) {
                    JsonNode payload = Payloads.JSON.readTree(bytes);
                    if (payload.isObject()) {
                        result.setAll((ObjectNode) payload);
                    }
                } else {
                    ObjectNode file = files.addObject();
                    file.put("name", name);
                    file.put("filename", attribute(disposition, "filename"));
                    file.put("content_type", part.headers().get("Content-Type"));
                    file.put("size", bytes.length);
                    if (bytes.length <= 64 * 1024) {
                        file.put("text", new String(bytes, StandardCharsets.UTF_8));
                    }
                }
            }
        }
        if (!files.isEmpty()) {
            result.set("_files", files);
        }
        return result;
    }

    private static String attribute(String disposition, String key) {
        for (String piece : disposition.split(";")) {
            String p = piece.trim();
            if (p.startsWith(key + "=")) {
                return p.substring(key.length() + 1).replace("\"", "");
            }
        }
        return null;
    }
}
