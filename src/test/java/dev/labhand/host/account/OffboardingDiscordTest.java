package dev.labhand.host.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labhand.discord.DiscordBot;
import dev.labhand.discord.support.FakeDiscord;
import dev.labhand.ssh.SshExec;
import dev.labhand.ssh.SshFailure;
import dev.labhand.ssh.SshTarget;
import dev.labhand.support.SshdPeer;
import dev.labhand.support.TestApp;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Outcome;
import dev.labhand.tool.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Offboarding through the real JDA client on the loopback Discord, against the real sshd host: a member who loses
 * the course role (members intent on) or is no longer in the guild (the periodic roster check, intent off) loses
 * their account, by Labhand's own audited, confirmed {@code account.revoke}.
 */
class OffboardingDiscordTest {
    private static final long GUILD = 1150000000000000001L;
    private static final long CHANNEL = 1150000000000000002L;
    private static final long LEARNERS = 1150000000000000003L;
    private static final long INSTRUCTORS = 1150000000000000004L;
    private static SshdPeer sshd;
    @TempDir
    Path dir;
    private FakeDiscord discord;
    private TestApp t;
    private DiscordBot bot;
    private final FakeDiscord.User mina = new FakeDiscord.User(1150000000000000005L, "Mina", "en-US", List.of(LEARNERS));
    private final Caller teacher = TestApp.instructor("teacher");

    @BeforeAll
    static void startSshd() {
        sshd = SshdPeer.start();
        SshdPeer.Result r = sshd.exec("sh", "-c", "usermod -p '*' root && install -d -m 700 /root/.ssh"
                + " && cp /home/labhand/.ssh/authorized_keys /root/.ssh/authorized_keys");
        assertThat(r.exit()).as(r.output()).isZero();
    }

    @AfterAll
    static void stopSshd() {
        sshd.close();
    }

    @AfterEach
    void stop() {
        if (bot != null) bot.close();
        if (t != null) t.close();
        if (discord != null) discord.close();
    }

    private Path start(boolean membersIntent) throws Exception {
        discord = FakeDiscord.start();
        discord.addGuild(GUILD, Map.of(LEARNERS, "Learners", INSTRUCTORS, "Instructor"), CHANNEL);
        discord.putMember(GUILD, mina);
        t = new TestApp(dir, "", """
                vm:
                  sshKey: %s
                accounts:
                  courseRole: Learners
                  membersIntent: %s
                  rosterCheckMinutes: 0
                """.formatted(sshd.privateKey(), membersIntent) + discord.botConfig(GUILD), Clock.systemUTC());
        bot = DiscordBot.start(t.app.config, FakeDiscord.TOKEN, t.app.chat, t.app.suggestions, t.app.members,
                Clock.systemUTC(), DiscordBot.TOKEN_LIFE);
        t.app.accounts.useRoster(bot.offboardWith(t.app.accounts.offboarding(), t.app.config));
        // the host, mina's key (she was seen in the guild as "Mina"), and her account
        assertThat(t.call(teacher, "host.add", Map.of("name", "lab9", "address", "127.0.0.1", "port",
                String.valueOf(sshd.port()), "user", "root", "host-key", sshd.hostKey().line()))).isInstanceOf(Outcome.Done.class);
        Caller minaCaller = new Caller(Long.toString(mina.id()), "Mina", Role.LEARNER, Caller.Lang.EN, "test");
        t.app.members.seen(minaCaller);
        Path key = SshdPeer.generateKey(dir, "mina_key", "ed25519");
        assertThat(t.call(minaCaller, "account.key-set", Map.of("key", Files.readString(SshdPeer.publicKeyOf(key)))))
                .isInstanceOf(Outcome.Done.class);
        Outcome granted = t.callConfirmed(teacher, "account.grant", Map.of("host", "lab9", "member", minaCaller.id()));
        assertThat(((Outcome.Done) granted).text()).contains("Account 'mina' on lab9");
        login(key).close();
        return key;
    }

    private SshExec login(Path key) {
        return SshExec.open(new SshTarget("127.0.0.1", sshd.port(), "mina", sshd.hostKey()), key, Duration.ofSeconds(10));
    }

    private void assertRevokedByLabhand(Path key) throws InterruptedException {
        // the account is marked revoked mid-way; the call's own outcome row comes once every step has run
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (t.app.audit.list("labhand", "account.revoke", 50).stream().noneMatch(r -> r.outcome().equals("done"))
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        var account = t.app.accounts.repository().account("lab9", Long.toString(mina.id())).orElseThrow();
        assertThat(account.active()).isFalse();
        assertThat(account.revokedBy()).isEqualTo("labhand");
        assertThat(t.app.audit.list("labhand", "account.revoke", 50)).anySatisfy(r -> {
            assertThat(r.outcome()).isEqualTo("done");
            assertThat(r.origin()).isEqualTo("system");
        }).anySatisfy(r -> assertThat(r.detail()).isEqualTo("keys"));
        assertThatThrownBy(() -> login(key).close()).isInstanceOf(SshFailure.class);
    }

    @Test
    void should_revoke_at_once_when_a_member_loses_the_course_role() throws Exception {
        Path key = start(true);

        discord.memberUpdate(GUILD, new FakeDiscord.User(mina.id(), "Mina", "en-US", List.of()));

        long deadline = System.nanoTime() + 30_000_000_000L;
        while (t.app.accounts.repository().account("lab9", Long.toString(mina.id())).orElseThrow().active()
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertRevokedByLabhand(key);
    }

    @Test
    void should_keep_a_member_who_still_has_the_role_and_revoke_one_gone_from_the_guild_on_the_roster_check()
            throws Exception {
        Path key = start(false);

        assertThat(t.app.accounts.checkRoster()).as("still in the guild with the role").isZero();
        assertThat(t.app.accounts.repository().account("lab9", Long.toString(mina.id())).orElseThrow().active()).isTrue();

        discord.memberRemove(GUILD, mina); // without the intent JDA is not told; REST answers Unknown Member now
        assertThat(t.app.accounts.checkRoster()).isEqualTo(1);
        assertRevokedByLabhand(key);
        assertThat(((Outcome.Done) t.call(teacher, "account.list", Map.of("host", "lab9"))).text())
                .contains("mina: Mina, locked").contains("in the course: no");
    }
}
