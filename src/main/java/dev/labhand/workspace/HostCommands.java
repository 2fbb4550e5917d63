package dev.labhand.workspace;

import java.time.Duration;
import java.util.List;

/**
 * Programs run on a Docker host itself (not in a container): the bot's own machine as a process, a
 * remote host over SSH. The argv is never a shell string; a program that is not installed answers 127.
 */
public interface HostCommands {
    boolean has(String program) throws InterruptedException;

    DockerEngine.ExecResult run(List<String> argv, Duration timeout, int maxBytes) throws InterruptedException;
}
