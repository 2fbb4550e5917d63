package dev.labhand.tool;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Removes secrets from text before it reaches a log, an audit row or a model: values of
 * token/password/secret/key assignments (also headers such as {@code x-api-key}), private key blocks,
 * also cut short or without armour, AWS access key ids, bearer tokens, model provider keys ({@code sk-...}, {@code sk-ant-...}), what
 * a provider's error body says after "API key provided:", and bare hex tokens (a Jupyter token pasted on its own).
 */
public final class Redactor {
    public static final String MASK = "***";

    private static final List<Pattern> PATTERNS = List.of(
            Pattern.compile("(?i)((?:token|password|passwd|secret|api[_-]?key|access[_-]?key)[\"']?\\s*[=:]\\s*[\"']?)[^\\s\"'&,;}]+"),
            Pattern.compile("(?s)-----BEGIN [A-Z ]*PRIVATE KEY-----.*?-----END [A-Z ]*PRIVATE KEY-----"),
            // a private key block cut short (a clipped argument, a paste that lost its end): all of it from BEGIN on
            Pattern.compile("(?s)-----BEGIN [A-Z ]*PRIVATE KEY-----.*"),
            // an OpenSSH private key's body without its armour ("openssh-key-v1" in base64), and a PuTTY key file
            Pattern.compile("b3BlbnNzaC1rZXktdjE[A-Za-z0-9+/=\\s]*"),
            Pattern.compile("(?s)PuTTY-User-Key-File-\\d.*"),
            Pattern.compile("\\bAKIA[0-9A-Z]{16}\\b"),
            Pattern.compile("(?i)(bearer\\s+)[A-Za-z0-9._~+/-]+=*"),
            // OpenAI: "Incorrect API key provided: sk-proj-****abcd." (the key, whole or partly masked)
            Pattern.compile("(?i)(api[ _-]?key provided:\\s*)[^\\s\"',;}]+"),
            // OpenAI and Anthropic keys anywhere (sk-..., sk-proj-..., sk-ant-api03-...): at least one digit,
            // so that words such as sk-learn stay
            Pattern.compile("\\bsk-(?=[A-Za-z0-9_*-]*[0-9])[A-Za-z0-9_*-]{16,}"),
            // a bare hex token of 40 to 56 characters (Labhand's Jupyter tokens are 48, Jupyter's own too): what a
            // learner pastes without its "token=". Container ids (64) and digests (after "sha256:") are not secrets
            Pattern.compile("(?<![0-9A-Fa-f:])[0-9a-f]{40,56}(?![0-9A-Fa-f])"));

    private Redactor() {}

    /**
     * A copy of {@code error} and its causes for a log: the same classes' names and stack traces, each message
     * redacted. Provider clients put the whole HTTP error body (which may echo the key) into their messages.
     */
    public static Throwable redact(Throwable error) {
        if (error == null) return null;
        String message = error.getMessage() == null ? error.getClass().getName()
                : error.getClass().getName() + ": " + redact(error.getMessage());
        Throwable copy = new Redacted(message, redact(error.getCause()));
        copy.setStackTrace(error.getStackTrace());
        for (Throwable s : error.getSuppressed()) copy.addSuppressed(redact(s));
        return copy;
    }

    /** An exception as logged: its message names the original class, then the redacted original message. */
    private static final class Redacted extends RuntimeException {
        Redacted(String message, Throwable cause) {
            super(message, cause, true, true);
        }
    }

    private static final Pattern PRIVATE_KEY = Pattern.compile(
            "(?i)PRIVATE KEY-----|b3BlbnNzaC1rZXktdjE|PuTTY-User-Key-File|-----BEGIN (?:RSA|EC|DSA|OPENSSH|ENCRYPTED) ");

    /** Whether {@code text} holds (part of) a private key: what a member pasted instead of the public half. */
    public static boolean holdsPrivateKey(String text) {
        return text != null && PRIVATE_KEY.matcher(text).find();
    }

    public static String redact(String text) {
        if (text == null) return null;
        String out = text;
        for (Pattern p : PATTERNS) {
            out = p.matcher(out).replaceAll(m -> m.groupCount() > 0 && m.group(1) != null
                    ? java.util.regex.Matcher.quoteReplacement(m.group(1) + MASK)
                    : MASK);
        }
        return out;
    }
}
