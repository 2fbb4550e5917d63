package dev.labhand.workspace;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** The {@code docker} command a learner would type for what the bot just did (teaching mode). */
public final class TeachingCommand {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private TeachingCommand() {}

    public static String dockerRun(ContainerPlan p) {
        List<String> argv = new ArrayList<>(List.of("docker", "run", "-d", "--name", p.containerName()));
        new TreeMap<>(p.labels()).forEach((k, v) -> argv.addAll(List.of("--label", k + "=" + v)));
        if (!p.network().equals("bridge")) argv.addAll(List.of("--network", p.network()));
        new TreeMap<>(p.ports()).forEach((container, host) ->
                argv.addAll(List.of("-p", p.publishAddress() + ":" + host + ":" + container)));
        argv.addAll(List.of("--memory", p.memoryMb() % 1024 == 0 ? p.memoryMb() / 1024 + "g" : p.memoryMb() + "m"));
        argv.addAll(List.of("--cpus", trim(p.cpus())));
        argv.addAll(List.of("--pids-limit", Long.toString(p.pids())));
        argv.addAll(List.of("--security-opt", "no-new-privileges"));
        if (p.gpu()) argv.addAll(List.of("--gpus", "all"));
        if (p.shutdown().init()) argv.add("--init");
        if (p.shutdown().signal() != null) argv.addAll(List.of("--stop-signal", p.shutdown().signal()));
        if (p.shutdown().graceSeconds() != WorkspaceTemplate.Shutdown.DOCKER_DEFAULT.graceSeconds()) {
            argv.addAll(List.of("--stop-timeout", Integer.toString(p.shutdown().graceSeconds())));
        }
        new TreeMap<>(p.binds()).forEach((host, container) -> argv.addAll(List.of("-v", host + ":" + container)));
        new TreeMap<>(p.env()).forEach((k, v) -> argv.addAll(List.of("-e", k + "=" + mask(v, p.secretValue()))));
        argv.add(p.image());
        p.command().forEach(a -> argv.add(mask(a, p.secretValue())));
        return join(argv);
    }

    public static String docker(String... argv) {
        List<String> all = new ArrayList<>(List.of("docker"));
        all.addAll(List.of(argv));
        return join(all);
    }

    /** An argv as a learner would type it in a POSIX shell, quoting only what needs it. */
    public static String join(List<String> argv) {
        StringBuilder sb = new StringBuilder();
        for (String a : argv) {
            if (sb.length() > 0) sb.append(' ');
            sb.append(quote(a));
        }
        return sb.toString();
    }

    static String quote(String arg) {
        if (!arg.isEmpty() && SAFE.matcher(arg).matches()) return arg;
        return "'" + arg.replace("'", "'\\''") + "'";
    }

    private static String mask(String value, String secret) {
        return secret == null || secret.isEmpty() ? value : value.replace(secret, "<secret>");
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
