package dev.labhand.tool;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One declared argument of a tool. The gateway checks every argument against its declaration before
 * anything reaches Docker, a shell or a cloud API. Descriptions live in the message bundles under
 * {@code param.<tool>.<name>}.
 *
 * @param ref    what existing resource the value names, so the gateway can check ownership
 * @param secret the value is never written to the audit log or logs
 * @param suggested values come from live state (workspace names, templates): front ends offer them as
 *                  suggestions (Discord autocomplete) rather than a fixed list
 * @param longest   the longest value accepted when it exceeds the validator's usual cap (an SSH public key);
 *                  0 for the usual cap
 */
public record Param(String name, Type type, boolean required, Pattern pattern, List<String> choices,
                    long min, long max, String defaultValue, Ref ref, boolean secret, boolean suggested,
                    int longest) {

    public enum Type { STRING, INTEGER, BOOLEAN, CHOICE }

    /** Resources the store records an owner for. */
    public enum Ref { NONE, WORKSPACE, MEMBER, HOST }

    /** Names of workspaces, images' local parts, members: lower-case, starting with a letter. */
    public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{1,30}[a-z0-9]");

    /** Platform member ids: Discord snowflakes, console names. */
    public static final Pattern MEMBER_ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    public Param {
        Objects.requireNonNull(name);
        Objects.requireNonNull(type);
        choices = choices == null ? List.of() : List.copyOf(choices);
        ref = ref == null ? Ref.NONE : ref;
    }

    public static Param string(String name, Pattern pattern) {
        return new Param(name, Type.STRING, true, pattern, List.of(), 0, 0, null, Ref.NONE, false, false, 0);
    }

    public static Param integer(String name, long min, long max) {
        return new Param(name, Type.INTEGER, true, null, List.of(), min, max, null, Ref.NONE, false, false, 0);
    }

    public static Param choice(String name, List<String> choices) {
        return new Param(name, Type.CHOICE, true, null, choices, 0, 0, null, Ref.NONE, false, false, 0);
    }

    public static Param bool(String name) {
        return new Param(name, Type.BOOLEAN, false, null, List.of(), 0, 0, "false", Ref.NONE, false, false, 0);
    }

    /** A name of an existing workspace: its owner is checked by the gateway. */
    public static Param workspace(String name) {
        return string(name, NAME).referring(Ref.WORKSPACE).suggestedFromState();
    }

    /** A name of a Docker host ("local" or a registered host): learners may use only hosts they are assigned. */
    public static Param host(String name) {
        return string(name, NAME).referring(Ref.HOST).suggestedFromState();
    }

    /** A member id; learners may name only themselves. */
    public static Param member(String name) {
        return string(name, MEMBER_ID).referring(Ref.MEMBER);
    }

    /**
     * The longest value the gateway can accept: what the pattern allows when it bounds the length (a
     * sequence of single characters or classes with bounded repeats, such as {@link #NAME}), and never more
     * than the validator's cap on any value. Front ends declare it (Discord: {@code max_length}).
     */
    public int maxLength() {
        int cap = longest > 0 ? longest : ArgsValidator.MAX_VALUE_LENGTH;
        if (type == Type.CHOICE) return Math.min(cap, choices.stream().mapToInt(String::length).max().orElse(cap));
        if (type != Type.STRING || pattern == null) return cap;
        long bound = PatternBound.of(pattern.pattern());
        return bound < 0 ? cap : (int) Math.min(cap, bound);
    }

    public Param optional(String defaultValue) {
        return new Param(name, type, false, pattern, choices, min, max, defaultValue, ref, secret, suggested, longest);
    }

    public Param referring(Ref kind) {
        return new Param(name, type, required, pattern, choices, min, max, defaultValue, kind, secret, suggested, longest);
    }

    public Param asSecret() {
        return new Param(name, type, required, pattern, choices, min, max, defaultValue, ref, true, suggested, longest);
    }

    /** Accepts values up to {@code chars} long, beyond the validator's usual cap. */
    public Param upTo(int chars) {
        return new Param(name, type, required, pattern, choices, min, max, defaultValue, ref, secret, suggested, chars);
    }

    public Param suggestedFromState() {
        return new Param(name, type, required, pattern, choices, min, max, defaultValue, ref, secret, true, longest);
    }
}
