package dev.labhand.workspace;

import dev.labhand.i18n.Messages;
import dev.labhand.tool.Caller.Lang;
import dev.labhand.tool.UserError;
import java.util.Locale;

/**
 * Turns what went wrong with Docker into a short reason a learner can act on. Raw exception text
 * is never shown; known situations are recognised and named, anything else is "see the log".
 */
public final class DockerErrors {
    private DockerErrors() {}

    public static String describe(Throwable e, Lang lang) {
        // already said for the member, e.g. by a remote host's bridge: the host is down, or not the one recorded
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UserError u) return u.getMessage();
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DockerEngine.StreamStalled s) {
                return Messages.get(lang, "docker.reason.stalled", "seconds", s.silence().toSeconds());
            }
        }
        String all = chain(e).toLowerCase(Locale.ROOT);
        String key;
        if (all.contains("could not select device driver") || all.contains("nvidia")) key = "docker.reason.no-gpu-runtime";
        else if (all.contains("port is already allocated") || all.contains("address already in use")) key = "docker.reason.port-in-use";
        else if (all.contains("no such image") || all.contains("manifest unknown") || all.contains("not found: manifest")
                || all.contains("repository does not exist") || all.contains("pull access denied")) key = "docker.reason.no-image";
        else if (all.contains("connection refused") || all.contains("no such file or directory") && all.contains("sock")
                || all.contains("connect timed out") || all.contains("i/o timeout") || all.contains("dial tcp")
                || all.contains("unknownhost") || all.contains("lookup ")) key = "docker.reason.unreachable";
        else if (all.contains("conflict") && all.contains("name")) key = "docker.reason.name-in-use";
        else if (all.contains("sockettimeoutexception") || all.contains("read timed out")) key = "docker.reason.slow";
        else if (all.contains("out of memory") || all.contains("no space left")) key = "docker.reason.resources";
        else key = "docker.reason.other";
        return Messages.get(lang, key);
    }

    private static String chain(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null && sb.length() < 4000; t = t.getCause()) {
            sb.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage()).append('\n');
        }
        return sb.toString();
    }
}
