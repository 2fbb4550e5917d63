package dev.labhand.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labhand.support.SshdPeer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Commands run over SSH on a real sshd: exit codes, output, quoting of hostile text, limits, timeouts. */
final class SshExecTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String HOSTILE = "$(id); rm -rf / `id` it's \"quoted\" \\ $HOME\nsecond line *";
    private static SshdPeer peer;
    private static SshExec ssh;

    @BeforeAll
    static void connect() {
        peer = SshdPeer.start();
        ssh = SshExec.open(peer.target(), peer.privateKey(), TIMEOUT);
    }

    @AfterAll
    static void disconnect() {
        ssh.close();
        peer.close();
    }

    @Test
    void should_return_the_exit_code_and_stdout_and_stderr_together() throws Exception {
        SshExec.ExecResult r = ssh.run(List.of("sh", "-c", "echo out; echo err >&2; exit 3"), TIMEOUT, 1000);

        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.output()).isEqualTo("out\nerr\n");
        assertThat(r.timedOut()).isFalse();
        assertThat(r.truncated()).isFalse();
    }

    @Test
    void should_pass_hostile_text_as_one_inert_argument() throws Exception {
        SshExec.ExecResult r = ssh.run(List.of("printf", "[%s]", HOSTILE, ""), TIMEOUT, 1000);

        assertThat(r.exitCode()).isZero();
        assertThat(r.output()).isEqualTo("[" + HOSTILE + "][]");
    }

    @Test
    void should_report_a_missing_command_as_exit_127() throws Exception {
        SshExec.ExecResult r = ssh.run(List.of("no-such-command; id"), TIMEOUT, 1000);

        assertThat(r.exitCode()).isEqualTo(127);
        assertThat(r.output()).contains("no-such-command; id").doesNotContain("uid=");
    }

    @Test
    void should_keep_only_the_output_limit_and_still_finish() throws Exception {
        SshExec.ExecResult r = ssh.run(List.of("sh", "-c", "head -c 1000000 /dev/zero | tr '\\0' x; echo done >&2"),
                TIMEOUT, 1000);

        assertThat(r.exitCode()).isZero();
        assertThat(r.output()).hasSize(1000).matches("x{1000}");
        assertThat(r.truncated()).isTrue();
    }

    @Test
    void should_kill_a_command_that_runs_past_the_timeout() throws Exception {
        long start = System.nanoTime();
        SshExec.ExecResult r = ssh.run(List.of("sh", "-c", "echo started; exec sleep 37"), Duration.ofSeconds(1), 1000);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(r.timedOut()).isTrue();
        assertThat(r.exitCode()).isNull();
        assertThat(r.output()).isEqualTo("started\n");
        assertThat(sleepersLeft()).as("the remote command is gone").isZero();
        assertThat(ssh.run(List.of("true"), TIMEOUT, 10).exitCode()).as("the connection is still usable").isZero();
    }

    @Test
    void should_quote_each_argument_for_the_remote_shell() {
        assertThat(SshExec.commandLine(List.of("echo", "it's", "$(id)"))).isEqualTo("'echo' 'it'\\''s' '$(id)' 2>&1");
        assertThatThrownBy(() -> SshExec.commandLine(List.of())).hasMessage("no command");
        assertThatThrownBy(() -> SshExec.commandLine(List.of("a\0b"))).hasMessageContaining("NUL");
    }

    /** Processes still running "sleep 37" in the container, after giving a kill a moment to land. */
    private static long sleepersLeft() throws InterruptedException {
        long left = -1;
        for (int i = 0; i < 30 && left != 0; i++) {
            if (i > 0) Thread.sleep(100);
            String out = peer.exec("bash", "-c",
                    "for f in /proc/[0-9]*/cmdline; do tr '\\0' ' ' < $f 2>/dev/null; echo; done | grep -c '^sleep 37' || true").output();
            left = Long.parseLong(out.strip());
        }
        return left;
    }
}
