package dev.labhand.diag;

import dev.labhand.i18n.Messages;
import dev.labhand.tool.Caller.Lang;
import dev.labhand.workspace.DockerEngine.ContainerDetails;
import java.util.Optional;

/**
 * Why a workspace's container cannot run a diagnostic now, with the answer and its fix: paused (frozen
 * by {@code docker pause}), restarting (a restart loop: its main program keeps exiting), or stopped
 * (exited, dead, never started). Docker counts the first two as running, so each is asked for by name.
 */
enum ContainerCondition {
    PAUSED, RESTARTING, STOPPED;

    /** Empty when the container can run commands. */
    static Optional<ContainerCondition> of(ContainerDetails c) {
        if (c.paused()) return Optional.of(PAUSED);
        if (c.restarting()) return Optional.of(RESTARTING);
        if (!c.running()) return Optional.of(STOPPED);
        return Optional.empty();
    }

    /** The answer to a diagnostic that cannot run, with what to do. */
    String answer(String workspace, ContainerDetails c, Lang lang) {
        return switch (this) {
            case PAUSED -> Messages.get(lang, "diag.paused", "name", workspace);
            case RESTARTING -> Messages.get(lang, "diag.restarting", "name", workspace, "count", c.restartCount());
            case STOPPED -> Messages.get(lang, "diag.not-running", "name", workspace);
        };
    }

    /** The checkup's finding. */
    Finding finding(String workspace, ContainerDetails c) {
        return switch (this) {
            case PAUSED -> new Finding(Finding.Severity.PROBLEM, "paused", "name", workspace);
            case RESTARTING -> new Finding(Finding.Severity.PROBLEM, "restarting", "name", workspace,
                    "count", c.restartCount());
            case STOPPED -> c.oomKilled() ? new Finding(Finding.Severity.PROBLEM, "oom", "name", workspace)
                    : new Finding(Finding.Severity.PROBLEM, "stopped", "name", workspace, "code", c.exitCode());
        };
    }
}
