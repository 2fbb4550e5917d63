package dev.labhand.discord.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import mockwebserver3.MockWebServer;
import net.dv8tion.jda.api.utils.ConcurrentSessionController;
import net.dv8tion.jda.api.utils.SessionController;

/**
 * A loopback fake of Discord (REST API v10 + gateway websocket, one port on 127.0.0.1) that the real JDA client
 * talks to. Build JDA with {@code setRestConfig(new RestConfig().setBaseUrl(fake.restBaseUrl()))},
 * {@code setSessionController(fake.sessionController())} and {@code setCompression(Compression.NONE)}.
 *
 * <p>Tests drive it with {@link #slashCommand}, {@link #buttonPress}, {@link #autocomplete}, {@link #message} and the
 * context menus ({@link #messageContextMenu} on a {@link #userMessage}, {@link #userContextMenu})
 * (gateway dispatches) and check what the bot did with {@link #calls()}, {@link #awaitCall},
 * {@link #awaitCallback} and {@link #followups}. Every wait is bounded.
 *
 * <p>Limits worth knowing:
 * <ul>
 *   <li>One JDA per fake: a second websocket supersedes the first (closed with 4000, which makes JDA reconnect).
 *   <li>{@link #awaitReady} means READY and the GUILD_CREATEs were sent; JDA may still be building its cache.
 *       Wait for JDA's ReadyEvent (or {@code jda.awaitReady()}) before asserting on JDA's state.
 *   <li>Guild events must use the guild's text channel (addGuild's textChannelId); JDA drops or parks events for
 *       channels it never saw. DMs use any channel id; {@link #dmChannelOf} gives the one the fake uses for a user
 *       (and answers POST users/@me/channels with).
 *   <li>Dispatches wait up to 15 s for a live session, so events sent during a reconnect arrive after RESUMED.
 *   <li>Shut JDA down before {@link #close()}; otherwise JDA keeps trying to reconnect to the closed port.
 * </ul>
 */
public final class FakeDiscord implements AutoCloseable {
    public static final String TOKEN = "fake-bot-token";
    public static final long BOT_ID = 900000000000000001L;
    public static final long APP_ID = 900000000000000002L;
    /** The path prefix of every REST call (restBaseUrl() without scheme and host). */
    public static final String API_PATH = "/api/v10/";

    /** How long a dispatch waits for a live gateway session (JDA connecting or resuming). */
    private static final Duration SESSION_WAIT = Duration.ofSeconds(15);

    /** A user as the interaction payloads describe it. roles = Discord role ids the member has (guild only). locale e.g. "ko" or "en-US". */
    public record User(long id, String name, String locale, List<Long> roles) {
        public User {
            Objects.requireNonNull(name, "name");
            locale = locale == null ? "en-US" : locale;
            roles = roles == null ? List.of() : List.copyOf(roles);
        }
    }

    /**
     * Every REST call JDA made, in order. path is the URL path without the query string, e.g.
     * "/api/v10/interactions/123/tok/callback" (JDA adds ?with_response=true there, and ?wait=true on webhooks);
     * body is null for no body, the parsed JSON otherwise (for multipart: the payload_json part plus
     * "_files": [{name, filename, content_type, size, text}]).
     */
    public record Call(String method, String path, JsonNode body, long receivedNanos) {
        /** True when method matches and path matches {@code /api/v10/} + apiPathRegex, e.g. is("POST", "channels/\\d+/messages"). */
        public boolean is(String method, String apiPathRegex) {
            return this.method.equals(method) && path.matches(API_PATH + apiPathRegex);
        }

        @Override
        public String toString() {
            return method + " " + path + (body == null ? "" : " " + body);
        }
    }

    /** The fake's record of one interaction it dispatched. */
    static final class Interaction {
        final long id;
        final String token;
        final int type;
        final long guildId;
        final long channelId;
        final long componentMessageId;
        // guarded by this
        boolean acknowledged;
        int callbackType;
        long originalMessageId;

        Interaction(long id, String token, int type, long guildId, long channelId, long componentMessageId) {
            this.id = id;
            this.token = token;
            this.type = type;
            this.guildId = guildId;
            this.channelId = channelId;
            this.componentMessageId = componentMessageId;
        }
    }

    private final MockWebServer server;
    final FakeGateway gateway;
    private final int port;

    private final List<Call> calls = new ArrayList<>(); // guarded by itself
    private final Map<Long, Payloads.GuildSpec> guilds = new LinkedHashMap<>(); // guarded by itself
    private final Map<Long, ObjectNode> messages = new ConcurrentHashMap<>();
    private final Map<Long, ObjectNode> userMessages = new ConcurrentHashMap<>();
    private final Map<Long, Interaction> interactions = new ConcurrentHashMap<>();
    private final Map<String, Interaction> interactionsByToken = new ConcurrentHashMap<>();
    private final Map<Long, Long> dmChannelByUser = new ConcurrentHashMap<>();
    private final Map<Long, Long> userByDmChannel = new ConcurrentHashMap<>();
    private final Map<Long, User> users = new ConcurrentHashMap<>();
    private final Map<Long, ArrayNode> commands = new ConcurrentHashMap<>(); // guild id, 0 = global
    private final AtomicLong lastMessageId = new AtomicLong();
    private final List<Call> rateLimited = new ArrayList<>(); // guards itself and the two fields below
    private int webhookLimitsLeft;
    private Duration webhookRetryAfter = Duration.ZERO;
    final CommandRules commandRules = new CommandRules();

    private FakeDiscord() {
        server = new MockWebServer();
        gateway = new FakeGateway(this::guildSpecs, this::gatewayUrl);
        server.setDispatcher(new FakeRest(this));
        try {
            server.start(InetAddress.getByName("127.0.0.1"), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the fake Discord on 127.0.0.1", e);
        }
        port = server.getPort();
    }

    /** mockwebserver3 on 127.0.0.1, random port. */
    public static FakeDiscord start() {
        return new FakeDiscord();
    }

    public String restBaseUrl() {
        return "http://127.0.0.1:" + port + "/api/v10/";
    }

    public String gatewayUrl() {
        return "ws://127.0.0.1:" + port + "/gateway";
    }

    /** The bot's {@code discord:} configuration for this fake and one guild, whose role "Instructor" makes instructors. */
    public String botConfig(long guild) {
        return """
                discord:
                  guilds: ["%d"]
                  instructorRoles: [Instructor]
                  restBaseUrl: %s
                  gatewayUrl: %s
                """.formatted(guild, restBaseUrl(), gatewayUrl());
    }

    /** The real bot of {@code t}'s installation, connected to this fake (configured with {@link #botConfig}). */
    public dev.labhand.discord.DiscordBot startBot(dev.labhand.support.TestApp t, java.time.Duration tokenLife)
            throws InterruptedException {
        return dev.labhand.discord.DiscordBot.start(t.app.config, TOKEN, t.app.chat, t.app.suggestions, t.app.members,
                java.time.Clock.systemUTC(), tokenLife);
    }

    /** A ConcurrentSessionController whose getGateway() returns gatewayUrl(), to pass to JDABuilder.setSessionController. */
    public SessionController sessionController() {
        String url = gatewayUrl();
        return new ConcurrentSessionController() {
            @Override
            public String getGateway() {
                return url;
            }
        };
    }

    /**
     * A guild JDA learns through READY (unavailable) + GUILD_CREATE: roles (id -> name), one text channel. Before
     * READY it is part of READY; after READY it is dispatched as a GUILD_CREATE at once (JDA: a guild join). The
     * bot's member carries its own managed role with every permission; @everyone has the usual member ones.
     */
    public void addGuild(long guildId, Map<Long, String> roles, long textChannelId) {
        Payloads.GuildSpec spec = new Payloads.GuildSpec(guildId, new LinkedHashMap<>(roles), textChannelId,
                Snowflakes.next());
        synchronized (guilds) {
            guilds.put(guildId, spec);
        }
        gateway.guildAdded(spec);
    }

    private final Map<String, FakeDiscord.User> guildMembers = new java.util.concurrent.ConcurrentHashMap<>();

    /** {@code user} is a member of {@code guildId} with their roles, as {@code GET guilds/{g}/members/{u}} answers. */
    public void putMember(long guildId, User user) {
        guildMembers.put(guildId + "/" + user.id(), user);
    }

    /** The member as REST answers it; null (a 404 Unknown Member) when not in the guild. */
    JsonNode guildMember(long guildId, long userId) {
        User u = guildMembers.get(guildId + "/" + userId);
        return u == null ? null : Payloads.member(Payloads.user(u), u.roles(), -1);
    }

    /** GUILD_MEMBER_UPDATE (sent with the GUILD_MEMBERS intent): the member now has {@code user.roles()}. */
    public void memberUpdate(long guildId, User user) {
        putMember(guildId, user);
        com.fasterxml.jackson.databind.node.ObjectNode d = Payloads.member(Payloads.user(user), user.roles(), -1);
        d.put("guild_id", Long.toUnsignedString(guildId));
        gateway.dispatch("GUILD_MEMBER_UPDATE", d, SESSION_WAIT);
    }

    /** GUILD_MEMBER_REMOVE (sent with the GUILD_MEMBERS intent): the member left or was removed. */
    public void memberRemove(long guildId, User user) {
        guildMembers.remove(guildId + "/" + user.id());
        com.fasterxml.jackson.databind.node.ObjectNode d = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        d.put("guild_id", Long.toUnsignedString(guildId));
        d.set("user", Payloads.user(user));
        gateway.dispatch("GUILD_MEMBER_REMOVE", d, SESSION_WAIT);
    }

    /** IDENTIFY (or RESUME) handled and READY/RESUMED sent on the current connection. */
    public void awaitReady(Duration timeout) {
        gateway.awaitLive(timeout, "READY");
    }

    /**
     * Dispatches INTERACTION_CREATE type 2 in guild channel (guildId, channelId) or, with guildId 0, in a DM;
     * returns the interaction id. options: name -> value (String as STRING type 3, Integer/Long as INTEGER type
     * 4, Boolean as BOOLEAN type 5, Double/Float as NUMBER type 10). subcommand may be null.
     */
    public long slashCommand(User user, long guildId, long channelId, String command, String subcommand,
            Map<String, Object> options) {
        ObjectNode data = commandData(guildId, command, subcommand, options, null);
        return dispatchInteraction(2, user, guildId, channelId, data, null, 0);
    }

    /** As {@link #slashCommand}, for a subcommand inside a subcommand group: {@code /diag gpu smi}. */
    public long slashCommand(User user, long guildId, long channelId, String command, String group, String subcommand,
            Map<String, Object> options) {
        ObjectNode data = inGroup(commandData(guildId, command, subcommand, options, null), group);
        return dispatchInteraction(2, user, guildId, channelId, data, null, 0);
    }

    /** As {@link #autocomplete}, for a subcommand inside a subcommand group. */
    public long autocomplete(User user, long guildId, long channelId, String command, String group, String subcommand,
            Map<String, Object> options, String focusedOption) {
        Map<String, Object> all = new LinkedHashMap<>(options == null ? Map.of() : options);
        all.putIfAbsent(focusedOption, "");
        ObjectNode data = inGroup(commandData(guildId, command, subcommand, all, focusedOption), group);
        return dispatchInteraction(4, user, guildId, channelId, data, null, 0);
    }

    /**
     * Makes the fake refuse every command overwrite that holds command {@code name}, answering 400 with Discord's
     * error body naming that command's index (e.g. code APPLICATION_COMMAND_TOO_LARGE).
     */
    public void refuseCommand(String name, String code, String message) {
        commandRules.refuse(name, code, message);
    }

    /** Makes the fake refuse every command overwrite as a whole: {@code status} with Discord's {code, message} body. */
    public void refuseAllCommands(int status, int code, String message) {
        commandRules.refuseAll(status, code, message);
    }

    /** Wraps the subcommand option of {@code data} in a group option (type 2), as Discord sends grouped subcommands. */
    private static ObjectNode inGroup(ObjectNode data, String group) {
        ArrayNode subcommand = (ArrayNode) data.get("options");
        ObjectNode g = Payloads.obj();
        g.put("name", group);
        g.put("type", 2);
        g.set("options", subcommand);
        data.putArray("options").add(g);
        return data;
    }

    /** INTERACTION_CREATE type 3, a button (component_type 2) with customId on a message (messageId) the bot sent earlier. */
    public long buttonPress(User user, long guildId, long channelId, long messageId, String customId) {
        ObjectNode message = message(messageId);
        if (message == null) {
            // not one the fake saw: a minimal bot message carrying that button
            ObjectNode content = Payloads.obj();
            ObjectNode button = content.putArray("components").addObject()
                    .put("type", 1).putArray("components").addObject();
            button.put("type", 2).put("style", 1).put("label", customId).put("custom_id", customId);
            message = Payloads.message(messageId, channelId, guildId, Payloads.botUser(), content, false);
        }
        ObjectNode data = Payloads.obj();
        data.put("custom_id", customId);
        data.put("component_type", 2);
        return dispatchInteraction(3, user, guildId, channelId, data, message.deepCopy(), messageId);
    }

    /** INTERACTION_CREATE type 4 (autocomplete) with the focused option (added with value "" if not in options). */
    public long autocomplete(User user, long guildId, long channelId, String command, String subcommand,
            Map<String, Object> options, String focusedOption) {
        Map<String, Object> all = new LinkedHashMap<>(options == null ? Map.of() : options);
        all.putIfAbsent(focusedOption, "");
        ObjectNode data = commandData(guildId, command, subcommand, all, focusedOption);
        return dispatchInteraction(4, user, guildId, channelId, data, null, 0);
    }

    /**
     * MESSAGE_CREATE: in a guild channel (mentioning the bot when mentionBot) or, with guildId 0, a DM. When
     * mentionBot and content has no {@code <@BOT_ID>}, the mention is put in front of the content, as a client
     * would.
     */
    public void message(User user, long guildId, long channelId, String content, boolean mentionBot) {
        users.put(user.id(), user);
        String mention = "<@" + Payloads.id(BOT_ID) + ">";
        String text = mentionBot && !content.contains(mention) ? mention + " " + content : content;
        ObjectNode m = Payloads.obj();
        m.put("id", Payloads.id(Snowflakes.next()));
        m.put("type", 0);
        m.put("channel_id", Payloads.id(channelId));
        m.set("author", Payloads.user(user));
        m.put("content", text);
        m.put("timestamp", Payloads.now());
        m.putNull("edited_timestamp");
        m.put("tts", false);
        m.put("mention_everyone", false);
        ArrayNode mentions = m.putArray("mentions");
        m.putArray("mention_roles");
        m.putArray("attachments");
        m.putArray("embeds");
        m.putArray("components");
        m.put("pinned", false);
        m.put("flags", 0);
        m.put("nonce", Payloads.id(Snowflakes.next()));
        if (guildId != 0) {
            Payloads.GuildSpec spec = guildSpec(guildId);
            m.put("guild_id", Payloads.id(guildId));
            m.put("channel_type", 0);
            m.set("member", Payloads.member(null, user.roles(), -1));
            if (mentionBot) {
                ObjectNode bot = Payloads.botUser();
                bot.set("member", Payloads.member(null,
                        spec == null ? List.of() : List.of(spec.botRoleId()), -1));
                mentions.add(bot);
            }
        } else {
            rememberDm(user.id(), channelId);
            m.put("channel_type", 1);
            if (mentionBot) {
                mentions.add(Payloads.botUser());
            }
        }
        gateway.dispatch("MESSAGE_CREATE", m, SESSION_WAIT);
    }

    /** Channels beyond each guild's text channel (forums and their posts' threads): channel id -> guild id. */
    private final Map<Long, Long> extraChannels = new java.util.concurrent.ConcurrentHashMap<>();

    /** Discord's MESSAGE_CONTENT intent bit: without it in IDENTIFY, messages arrive with empty text. */
    public static final long MESSAGE_CONTENT_INTENT = 1L << 15;

    /** The intents the bot asked for in its last IDENTIFY. */
    public long intents() {
        return gateway.intents();
    }

    /** A forum channel (type 15) created in a guild after READY: CHANNEL_CREATE, as Discord sends it. */
    public void addForumChannel(long guildId, long forumId, String name) {
        ObjectNode c = Payloads.obj();
        c.put("id", Payloads.id(forumId));
        c.put("type", 15);
        c.put("guild_id", Payloads.id(guildId));
        c.put("name", name);
        c.put("position", 1);
        c.putArray("permission_overwrites");
        c.put("nsfw", false);
        c.putNull("topic");
        c.putNull("last_message_id");
        c.put("rate_limit_per_user", 0);
        c.putNull("parent_id");
        c.put("flags", 0);
        c.putArray("available_tags");
        c.putNull("default_reaction_emoji");
        c.putNull("default_sort_order");
        c.put("default_forum_layout", 0);
        c.put("default_thread_rate_limit_per_user", 0);
        extraChannels.put(forumId, guildId);
        gateway.dispatch("CHANNEL_CREATE", c, SESSION_WAIT);
    }

    /**
     * A new post in a forum channel, as Discord sends it: THREAD_CREATE (a public thread, newly created, owned by the
     * author) and MESSAGE_CREATE of its starter message, whose id is the thread's. The text is sent only when the
     * bot asked for the message-content intent, as on real Discord. Returns the thread's id.
     */
    public long forumPost(User author, long guildId, long forumId, String title, String content) {
        users.put(author.id(), author);
        long threadId = Snowflakes.next();
        ObjectNode t = Payloads.obj();
        t.put("id", Payloads.id(threadId));
        t.put("type", 11);
        t.put("guild_id", Payloads.id(guildId));
        t.put("parent_id", Payloads.id(forumId));
        t.put("owner_id", Payloads.id(author.id()));
        t.put("name", title);
        t.put("last_message_id", Payloads.id(threadId));
        t.put("message_count", 1);
        t.put("total_message_count", 1);
        t.put("member_count", 1);
        t.put("rate_limit_per_user", 0);
        t.put("flags", 0);
        t.putArray("applied_tags");
        t.put("newly_created", true);
        ObjectNode meta = t.putObject("thread_metadata");
        meta.put("archived", false);
        meta.put("auto_archive_duration", 4320);
        meta.put("archive_timestamp", Payloads.now());
        meta.put("locked", false);
        meta.put("create_timestamp", Payloads.now());
        extraChannels.put(threadId, guildId);
        gateway.dispatch("THREAD_CREATE", t, SESSION_WAIT);

        ObjectNode m = Payloads.message(threadId, threadId, guildId, Payloads.user(author), null, false);
        m.put("content", (gateway.intents() & MESSAGE_CONTENT_INTENT) != 0 ? content : "");
        m.put("channel_type", 11);
        m.set("member", Payloads.member(null, author.roles(), -1));
        gateway.dispatch("MESSAGE_CREATE", m, SESSION_WAIT);
        return threadId;
    }

    /**
     * A member's message in a guild channel as Discord stores it (no gateway event is sent: the bot does not read
     * channel messages); returns its id, for {@link #messageContextMenu}.
     */
    public long userMessage(User author, long guildId, long channelId, String content) {
        users.put(author.id(), author);
        long id = Snowflakes.next();
        ObjectNode m = Payloads.message(id, channelId, guildId, Payloads.user(author), null, false);
        m.put("content", content);
        m.set("member", Payloads.member(null, author.roles(), -1));
        userMessages.put(id, m);
        return id;
    }

    /**
     * INTERACTION_CREATE type 2 for a message context-menu command (data.type 3) on a message from
     * {@link #userMessage}: data.target_id and data.resolved.messages carry it, as Discord sends them.
     */
    public long messageContextMenu(User invoker, long guildId, long channelId, String commandName, long targetMessageId) {
        ObjectNode target = userMessages.get(targetMessageId);
        if (target == null) {
            throw new IllegalArgumentException("no user message " + targetMessageId + "; make it with userMessage");
        }
        ObjectNode data = contextData(guildId, commandName, 3, targetMessageId);
        data.putObject("resolved").putObject("messages").set(Payloads.id(targetMessageId), target.deepCopy());
        return dispatchInteraction(2, invoker, guildId, channelId, data, null, 0);
    }

    /**
     * INTERACTION_CREATE type 2 for a user context-menu command (data.type 2) on {@code target}: data.target_id,
     * data.resolved.users and (in a guild) data.resolved.members.
     */
    public long userContextMenu(User invoker, long guildId, long channelId, String commandName, User target) {
        users.put(target.id(), target);
        ObjectNode data = contextData(guildId, commandName, 2, target.id());
        ObjectNode resolved = data.putObject("resolved");
        resolved.putObject("users").set(Payloads.id(target.id()), Payloads.user(target));
        if (guildId != 0) {
            resolved.putObject("members").set(Payloads.id(target.id()),
                    Payloads.member(null, target.roles(), Payloads.EVERYONE_PERMISSIONS));
        }
        return dispatchInteraction(2, invoker, guildId, channelId, data, null, 0);
    }

    /**
     * INTERACTION_CREATE type 5: a modal the bot opened from a button on message {@code messageId} is sent back, each
     * text input (custom id -> value) inside a label (type 18), as Discord sends them.
     */
    public long modalSubmit(User user, long guildId, long channelId, long messageId, String modalId,
            Map<String, String> values) {
        ObjectNode data = Payloads.obj();
        data.put("custom_id", modalId);
        ArrayNode components = data.putArray("components");
        int uid = 1;
        for (Map.Entry<String, String> v : values.entrySet()) {
            ObjectNode label = components.addObject();
            label.put("type", 18);
            label.put("id", uid++);
            ObjectNode input = label.putObject("component");
            input.put("type", 4);
            input.put("id", uid++);
            input.put("custom_id", v.getKey());
            input.put("value", v.getValue());
        }
        ObjectNode message = message(messageId);
        return dispatchInteraction(5, user, guildId, channelId, data, message == null ? null : message.deepCopy(),
                messageId);
    }

    /** The message an interaction's first answer made (the reply, or the deferred "thinking" one), 0 if none yet. */
    public long originalMessageId(long interactionId) {
        Interaction interaction = requireInteraction(interactionId);
        synchronized (interaction) {
            return interaction.originalMessageId;
        }
    }

    /** Every REST call JDA made, in order. A call is recorded once the fake has answered it, so the fake's state
     * (sentMessage, lastMessageId, registeredCommands) already reflects a call a test has seen. */
    public List<Call> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    /** Waits for the first call in calls() matching; fails with the list of calls seen on timeout. */
    public Call awaitCall(Predicate<Call> match, Duration timeout) {
        return awaitCall(0, match, timeout);
    }

    /** Waits for the first call at or after index {@code from} in calls() matching; fails with the calls seen on timeout. */
    public Call awaitCall(int from, Predicate<Call> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (calls) {
            while (true) {
                for (int i = Math.max(0, from); i < calls.size(); i++) {
                    if (match.test(calls.get(i))) {
                        return calls.get(i);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("fake Discord: no matching REST call within " + timeout
                            + " (from index " + from + "); calls seen:\n" + describe(calls));
                }
                try {
                    calls.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted while waiting for a REST call", e);
                }
            }
        }
    }

    /** The interaction callback (POST interactions/{id}/{token}/callback) for this interaction id. */
    public Call awaitCallback(long interactionId, Duration timeout) {
        Interaction interaction = requireInteraction(interactionId);
        String path = API_PATH + "interactions/" + Payloads.id(interactionId) + "/" + interaction.token + "/callback";
        return awaitCall(c -> c.method().equals("POST") && c.path().equals(path), timeout);
    }

    /** The followup/edit calls for this interaction's token (POST webhooks/{app}/{token}..., PATCH .../messages/@original, DELETE), in order. */
    /**
     * The first follow-up or edit of an interaction whose text ({@code text} renders a call: content and embeds)
     * contains {@code containing}, waiting up to {@code timeout}; fails listing what came instead.
     */
    public Call awaitFollowup(long interactionId, String containing, java.util.function.Function<Call, String> text,
                              Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (Call c : followups(interactionId)) {
                if (text.apply(c).contains(containing)) return c;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("no follow-up of " + interactionId + " containing '" + containing + "': "
                + followups(interactionId).stream().map(text).toList());
    }

    public List<Call> followups(long interactionId) {
        Interaction interaction = requireInteraction(interactionId);
        String prefix = API_PATH + "webhooks/" + Payloads.id(APP_ID) + "/" + interaction.token;
        return calls().stream()
                .filter(c -> !c.method().equals("GET"))
                .filter(c -> c.path().equals(prefix) || c.path().startsWith(prefix + "/"))
                .toList();
    }

    /** Closes the gateway socket abnormally (no close frame); JDA reconnects and RESUMEs (op 6); the fake answers RESUMED (or READY on a fresh IDENTIFY). */
    public void dropGateway() {
        gateway.drop();
    }

    /** Sends op 7 RECONNECT, as Discord does before it rotates a gateway; JDA closes (4900) and RESUMEs. */
    public void requestReconnect() {
        gateway.requestReconnect();
    }

    public int identifies() {
        return gateway.identifies();
    }

    public int resumes() {
        return gateway.resumes();
    }

    /** Websocket connections JDA opened so far. */
    public int gatewayConnections() {
        return gateway.connections();
    }

    /** Every gateway payload JDA sent (op 1 heartbeats, op 2 IDENTIFY with the token masked, op 6 RESUME...). */
    public List<JsonNode> gatewayPayloads() {
        return gateway.received();
    }

    /** Time from the last IDENTIFY received to READY (and the GUILD_CREATEs) sent, or null. */
    public Duration lastIdentifyToReady() {
        long nanos = gateway.lastIdentifyToReadyNanos();
        return nanos < 0 ? null : Duration.ofNanos(nanos);
    }

    /** A message the bot sent (channel message, interaction reply/followup) as the fake stores it, or null. */
    public JsonNode sentMessage(long messageId) {
        ObjectNode m = messages.get(messageId);
        return m == null ? null : m.deepCopy();
    }

    /**
     * The id of the message the bot sent last (channel message, DM, interaction reply, followup; the first
     * followup after a deferred reply is that reply's message), 0 if none. Use it for {@link #buttonPress}.
     */
    public long lastMessageId() {
        return lastMessageId.get();
    }

    /** The message ids the bot created in this channel, oldest first. */
    public List<Long> sentMessageIds(long channelId) {
        return messages.values().stream()
                .filter(m -> m.path("channel_id").asLong() == channelId)
                .map(m -> m.path("id").asLong())
                .sorted()
                .toList();
    }

    /** The commands last registered (bulk overwrite) for this guild, or globally with guildId 0; [] if none. */
    public JsonNode registeredCommands(long guildId) {
        return commands(guildId);
    }

    /** The DM channel id the fake uses for this user (made on first use). */
    public long dmChannelOf(long userId) {
        return dmChannelByUser.computeIfAbsent(userId, u -> {
            long id = Snowflakes.next();
            userByDmChannel.put(id, u);
            return id;
        });
    }

    /**
     * Answers the next {@code count} follow-ups and edits (POST/PATCH/DELETE on webhooks/{app}/{token}...) the way
     * Discord answers a request over a route's limit: 429 with Retry-After, X-RateLimit-Limit / Remaining (0) /
     * Reset / Reset-After / Bucket / Scope and the body {"message":"You are being rate limited.","retry_after":N,
     * "global":false}. The refused requests are not in {@link #calls()} (nothing was delivered); see
     * {@link #rateLimitedCalls()}.
     */
    public void rateLimitWebhooks(int count, Duration retryAfter) {
        synchronized (rateLimited) {
            webhookLimitsLeft = count;
            webhookRetryAfter = retryAfter;
        }
    }

    /** The requests answered 429 by {@link #rateLimitWebhooks}, in order. */
    public List<Call> rateLimitedCalls() {
        synchronized (rateLimited) {
            return List.copyOf(rateLimited);
        }
    }

    @Override
    public void close() {
        gateway.close();
        server.close();
    }

    // ---- package-private state used by FakeRest ----

    void record(Call call) {
        synchronized (calls) {
            calls.add(call);
            calls.notifyAll();
        }
    }

    Interaction interaction(long id) {
        return interactions.get(id);
    }

    /** The wait to announce when this webhook call is to be refused with 429, else null (and it passes). */
    Duration takeWebhookRateLimit(Call call) {
        synchronized (rateLimited) {
            if (webhookLimitsLeft <= 0) {
                return null;
            }
            webhookLimitsLeft--;
            rateLimited.add(call);
            return webhookRetryAfter;
        }
    }

    Interaction interactionByToken(String token) {
        return interactionsByToken.get(token);
    }

    ObjectNode message(long id) {
        return messages.get(id);
    }

    ArrayNode commands(long guildId) {
        ArrayNode stored = commands.get(guildId);
        return stored == null ? Payloads.arr() : stored.deepCopy();
    }

    /** Bulk overwrite: the array back with id, application_id, version (and guild_id) added. */
    ArrayNode overwriteCommands(long guildId, ArrayNode requested) {
        Map<String, Long> previousIds = new LinkedHashMap<>();
        for (JsonNode old : commands(guildId)) {
            previousIds.put(old.path("name").asText() + "/" + old.path("type").asInt(1), old.path("id").asLong());
        }
        long version = Snowflakes.next();
        ArrayNode result = Payloads.arr();
        for (JsonNode command : requested) {
            ObjectNode c = command.deepCopy();
            String key = c.path("name").asText() + "/" + c.path("type").asInt(1);
            long id = previousIds.getOrDefault(key, Snowflakes.next());
            c.put("id", Payloads.id(id));
            c.put("application_id", Payloads.id(APP_ID));
            c.put("version", Payloads.id(version));
            if (!c.has("type")) {
                c.put("type", 1);
            }
            if (guildId != 0) {
                c.put("guild_id", Payloads.id(guildId));
            }
            if (!c.has("default_member_permissions")) {
                c.putNull("default_member_permissions");
            }
            c.put("nsfw", c.path("nsfw").asBoolean(false));
            result.add(c);
        }
        commands.put(guildId, result.deepCopy());
        return result;
    }

    /** The guild of a channel the bot may post in: a guild text channel, 0 for a known DM channel, null if unknown. */
    Long guildOfChannel(long channelId) {
        Long extra = extraChannels.get(channelId);
        if (extra != null) return extra;
        synchronized (guilds) {
            for (Payloads.GuildSpec spec : guilds.values()) {
                if (spec.textChannelId() == channelId) {
                    return spec.id();
                }
            }
        }
        return userByDmChannel.containsKey(channelId) ? 0L : null;
    }

    ObjectNode storeMessage(long messageId, long channelId, long guildId, JsonNode data, boolean webhook) {
        ObjectNode m = Payloads.message(messageId, channelId, guildId, Payloads.botUser(), data, webhook);
        messages.put(messageId, m);
        lastMessageId.set(messageId);
        return m.deepCopy();
    }

    ObjectNode editMessage(long messageId, long channelId, long guildId, JsonNode data) {
        ObjectNode m = messages.computeIfAbsent(messageId,
                id -> Payloads.message(id, channelId, guildId, Payloads.botUser(), null, false));
        synchronized (m) {
            Payloads.applyEdit(m, data);
            m.put("edited_timestamp", Payloads.now());
            return m.deepCopy();
        }
    }

    /** Flags a deferred reply's message as LOADING (128), the "thinking..." state. */
    void markLoading(long messageId) {
        ObjectNode m = messages.get(messageId);
        synchronized (m) {
            m.put("flags", m.path("flags").asInt() | 128);
        }
    }

    /** A followup that Discord turns into an edit of the deferred reply: that message is the one sent last. */
    ObjectNode followupReplacingDeferred(Interaction interaction, JsonNode data) {
        ObjectNode m = editOriginal(interaction, data);
        lastMessageId.set(interaction.originalMessageId);
        return m;
    }

    /** Edits an interaction's original response; a deferred ("thinking") one stops loading. */
    ObjectNode editOriginal(Interaction interaction, JsonNode data) {
        ObjectNode m = messages.get(interaction.originalMessageId);
        synchronized (m) {
            int flags = m.path("flags").asInt() & ~128;
            m.put("flags", flags);
            Payloads.applyEdit(m, data);
            m.put("flags", (m.path("flags").asInt() & ~128) | (flags & 64)); // ephemerality is fixed at the reply
            m.put("edited_timestamp", Payloads.now());
            return m.deepCopy();
        }
    }

    void deleteMessage(long messageId) {
        messages.remove(messageId);
    }

    ObjectNode openDm(long userId) {
        long channelId = dmChannelOf(userId);
        User user = users.get(userId);
        return Payloads.dmChannel(channelId, user == null ? Payloads.unknownUser(userId) : Payloads.user(user));
    }

    // ---- internals ----

    private List<Payloads.GuildSpec> guildSpecs() {
        synchronized (guilds) {
            return List.copyOf(guilds.values());
        }
    }

    private Payloads.GuildSpec guildSpec(long guildId) {
        synchronized (guilds) {
            return guilds.get(guildId);
        }
    }

    private void rememberDm(long userId, long channelId) {
        Long previous = dmChannelByUser.putIfAbsent(userId, channelId);
        if (previous != null && previous != channelId) {
            throw new IllegalArgumentException("user " + userId + " already has DM channel " + previous
                    + "; use dmChannelOf(userId)");
        }
        userByDmChannel.put(channelId, userId);
    }

    private Interaction requireInteraction(long interactionId) {
        Interaction interaction = interactions.get(interactionId);
        if (interaction == null) {
            throw new IllegalArgumentException("the fake dispatched no interaction " + interactionId);
        }
        return interaction;
    }

    private ObjectNode commandData(long guildId, String command, String subcommand, Map<String, Object> options,
            String focused) {
        ObjectNode data = Payloads.obj();
        long commandId = 0;
        boolean guildCommand = false;
        for (long scope : guildId == 0 ? new long[] {0} : new long[] {guildId, 0}) {
            for (JsonNode c : commands(scope)) {
                if (commandId == 0 && c.path("name").asText().equals(command) && c.path("type").asInt(1) == 1) {
                    commandId = c.path("id").asLong();
                    guildCommand = scope != 0;
                }
            }
        }
        data.put("id", Payloads.id(commandId != 0 ? commandId : Snowflakes.next()));
        data.put("name", command);
        data.put("type", 1);
        if (guildCommand) {
            data.put("guild_id", Payloads.id(guildId));
        }
        ArrayNode optionArray = Payloads.arr();
        if (options != null) {
            options.forEach((name, value) -> optionArray.add(option(name, value, name.equals(focused))));
        }
        if (subcommand != null) {
            ObjectNode sub = data.putArray("options").addObject();
            sub.put("name", subcommand);
            sub.put("type", 1);
            sub.set("options", optionArray);
        } else {
            data.set("options", optionArray);
        }
        return data;
    }

    /** data of a context-menu command: the registered command's id when there is one, its type and the target. */
    private ObjectNode contextData(long guildId, String commandName, int type, long targetId) {
        ObjectNode data = Payloads.obj();
        long commandId = 0;
        boolean guildCommand = false;
        for (long scope : guildId == 0 ? new long[] {0} : new long[] {guildId, 0}) {
            for (JsonNode c : commands(scope)) {
                if (commandId == 0 && c.path("name").asText().equals(commandName) && c.path("type").asInt(1) == type) {
                    commandId = c.path("id").asLong();
                    guildCommand = scope != 0;
                }
            }
        }
        data.put("id", Payloads.id(commandId != 0 ? commandId : Snowflakes.next()));
        data.put("name", commandName);
        data.put("type", type);
        data.put("target_id", Payloads.id(targetId));
        if (guildCommand) {
            data.put("guild_id", Payloads.id(guildId));
        }
        return data;
    }

    private static ObjectNode option(String name, Object value, boolean focused) {
        ObjectNode o = Payloads.obj();
        o.put("name", name);
        if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            o.put("type", 4);
            o.put("value", ((Number) value).longValue());
        } else if (value instanceof Boolean b) {
            o.put("type", 5);
            o.put("value", b);
        } else if (value instanceof Double || value instanceof Float) {
            o.put("type", 10);
            o.put("value", ((Number) value).doubleValue());
        } else {
            o.put("type", 3);
            o.put("value", String.valueOf(value));
        }
        if (focused) {
            o.put("focused", true);
        }
        return o;
    }

    private long dispatchInteraction(int type, User user, long guildId, long channelId, ObjectNode data,
            ObjectNode message, long componentMessageId) {
        users.put(user.id(), user);
        long id = Snowflakes.next();
        String token = "itoken" + Payloads.id(id);
        Interaction interaction = new Interaction(id, token, type, guildId, channelId, componentMessageId);
        interactions.put(id, interaction);
        interactionsByToken.put(token, interaction);

        ObjectNode d = Payloads.obj();
        d.put("id", Payloads.id(id));
        d.put("application_id", Payloads.id(APP_ID));
        d.put("type", type);
        d.put("token", token);
        d.put("version", 1);
        d.put("locale", user.locale());
        d.put("app_permissions", Long.toString(Payloads.BOT_PERMISSIONS));
        d.putArray("entitlements");
        d.put("attachment_size_limit", 10 * 1024 * 1024);
        d.put("channel_id", Payloads.id(channelId));
        ObjectNode owners = d.putObject("authorizing_integration_owners");
        if (guildId != 0) {
            d.put("guild_id", Payloads.id(guildId));
            d.put("guild_locale", "en-US");
            ObjectNode guild = d.putObject("guild");
            guild.put("id", Payloads.id(guildId));
            guild.put("locale", "en-US");
            guild.putArray("features");
            d.set("channel", channelJson(guildId, channelId));
            d.set("member", Payloads.member(Payloads.user(user), user.roles(), Payloads.EVERYONE_PERMISSIONS));
            owners.put("0", Payloads.id(guildId));
            d.put("context", 0);
        } else {
            rememberDm(user.id(), channelId);
            d.set("channel", Payloads.dmChannel(channelId, Payloads.user(user)));
            d.set("user", Payloads.user(user));
            owners.put("0", "0");
            d.put("context", 1);
        }
        d.set("data", data);
        if (message != null) {
            d.set("message", message);
        }
        gateway.dispatch("INTERACTION_CREATE", d, SESSION_WAIT);
        return id;
    }

    private ObjectNode channelJson(long guildId, long channelId) {
        ObjectNode channel = Payloads.textChannel(channelId, guildId);
        channel.put("permissions", Long.toString(Payloads.EVERYONE_PERMISSIONS));
        return channel;
    }

    private static String describe(List<Call> calls) {
        if (calls.isEmpty()) {
            return "  (none)";
        }
        return calls.stream().map(c -> "  " + c).collect(Collectors.joining("\n"));
    }
}
