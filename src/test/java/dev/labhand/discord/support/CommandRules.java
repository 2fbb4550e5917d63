package dev.labhand.discord.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Discord's rules for a bulk overwrite of application commands, as the fake enforces them, written apart
 * from the bot's own checks: at most 100 commands; names 1-32 characters of {@code [-_\p{L}\p{N}...]}, lower
 * case, localized names too (user and message commands: 1-32 characters, mixed case and spaces allowed, no
 * description), unique among siblings (localized ones too); descriptions 1-100 characters; at most 25 options per
 * command, group or subcommand and 25 choices; at most 8000 characters of names, descriptions and choice
 * values per command, a localized field counting its longest version. A breach is answered the way Discord
 * answers it: 400, code 50035, "Invalid Form Body" with the errors nested under the command's index.
 * Tests may also make the fake refuse a named command ({@link FakeDiscord#refuseCommand}).
 */
public final class CommandRules {
    static final Pattern NAME = Pattern.compile("^[-_\\p{L}\\p{N}\\p{sc=Deva}\\p{sc=Thai}]{1,32}$");
    private final Map<String, String[]> forced = new ConcurrentHashMap<>();

    /** Makes every overwrite holding command {@code name} fail on it with this Discord error code and message. */
    void refuse(String name, String code, String message) {
        forced.put(name, new String[] {code, message});
    }

    /** Refuses every overwrite as a whole (e.g. 403, 50001 Missing Access: no applications.commands scope). */
    void refuseAll(int status, int code, String message) {
        whole = new int[] {status, code};
        wholeMessage = message;
    }

    /** {status, code} when every overwrite is refused as a whole, else null; see {@link #wholeMessage()}. */
    int[] whole() {
        return whole;
    }

    String wholeMessage() {
        return wholeMessage;
    }

    private volatile int[] whole;
    private volatile String wholeMessage;

    /** The "errors" object of Discord's answer, or null when the overwrite is valid. */
    ObjectNode errors(ArrayNode commands) {
        ObjectNode errors = Payloads.obj();
        if (commands.size() > 100) {
            error(errors, "BASE_TYPE_MAX_LENGTH", "Must be 100 or fewer in length.");
            return errors;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < commands.size(); i++) {
            JsonNode c = commands.get(i);
            ObjectNode at = Payloads.obj();
            String[] refusal = forced.get(c.path("name").asText());
            if (refusal != null) error(at, refusal[0], refusal[1]);
            if (!names.add(c.path("type").asInt(1) + "/" + c.path("name").asText())) {
                error(at.putObject("name"), "APPLICATION_COMMANDS_DUPLICATE_NAME", "Application command names must be unique");
            }
            if (c.path("type").asInt(1) == 1) {
                check(c, at);
            } else {
                checkContextMenu(c, at);
            }
            if (size(c) > 8000) error(at, "APPLICATION_COMMAND_TOO_LARGE", "Command exceeds maximum size (8000)");
            if (!at.isEmpty()) errors.set(Integer.toString(i), at);
        }
        return errors.isEmpty() ? null : errors;
    }

    /**
     * User (2) and message (3) commands: names of 1-32 characters that may be mixed case and hold spaces (localized
     * ones too), and no description or options.
     */
    private static void checkContextMenu(JsonNode n, ObjectNode at) {
        String name = n.path("name").asText("");
        if (name.isEmpty() || name.length() > 32) {
            error(at.with("name"), "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid");
        }
        for (JsonNode local : n.path("name_localizations")) {
            if (local.asText().isEmpty() || local.asText().length() > 32) {
                error(at.with("name_localizations"), "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid");
            }
        }
        if (!n.path("description").asText("").isEmpty() || n.path("options").size() > 0) {
            error(at.with("description"), "APPLICATION_COMMAND_CONTEXT_MENU_DESCRIPTION",
                    "Context menu commands cannot have description or options");
        }
    }

    private static void check(JsonNode n, ObjectNode at) {
        String name = n.path("name").asText("");
        if (!NAME.matcher(name).matches() || !name.equals(name.toLowerCase(Locale.ROOT))) {
            error(at.with("name"), "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid");
        }
        for (JsonNode local : n.path("name_localizations")) {
            String l = local.asText();
            if (!NAME.matcher(l).matches() || !l.equals(l.toLowerCase(Locale.ROOT))) {
                error(at.with("name_localizations"), "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid");
            }
        }
        int description = n.path("description").asText("").length();
        if (n.has("description") && (description < 1 || description > 100)) {
            error(at.with("description"), "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.");
        }
        for (JsonNode local : n.path("description_localizations")) {
            if (local.asText().isEmpty() || local.asText().length() > 100) {
                error(at.with("description_localizations"), "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.");
            }
        }
        JsonNode options = n.path("options");
        if (options.size() > 25) error(at.with("options"), "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.");
        if (n.path("choices").size() > 25) error(at.with("choices"), "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.");
        Set<String> siblings = new HashSet<>();
        Set<String> localSiblings = new HashSet<>();
        for (int i = 0; i < options.size(); i++) {
            JsonNode o = options.get(i);
            ObjectNode inner = Payloads.obj();
            if (!siblings.add(o.path("name").asText())) {
                error(inner.with("name"), "APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS", "Option names must be unique");
            }
            for (var local : o.path("name_localizations").properties()) {
                if (!localSiblings.add(local.getKey() + ":" + local.getValue().asText())) {
                    error(inner.with("name_localizations"), "APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS",
                            "Option names must be unique");
                }
            }
            check(o, inner);
            if (!inner.isEmpty()) at.with("options").set(Integer.toString(i), inner);
        }
    }

    /** What Discord would refuse in these commands (its "errors" object), or null: for tests' own checks. */
    public static ObjectNode violations(ArrayNode commands) {
        return new CommandRules().errors(commands);
    }

    /** Names, descriptions and choice values; a localized field counts its longest version. */
    public static int size(JsonNode n) {
        int total = longest(n, "name") + longest(n, "description");
        if (n.has("value")) total += n.get("value").asText().length();
        for (JsonNode o : n.path("options")) total += size(o);
        for (JsonNode c : n.path("choices")) total += size(c);
        return total;
    }

    private static int longest(JsonNode n, String field) {
        int max = n.path(field).asText("").length();
        for (JsonNode l : n.path(field + "_localizations")) max = Math.max(max, l.asText().length());
        return max;
    }

    private static void error(ObjectNode at, String code, String message) {
        ArrayNode list = at.has("_errors") ? (ArrayNode) at.get("_errors") : at.putArray("_errors");
        list.addObject().put("code", code).put("message", message);
    }
}
