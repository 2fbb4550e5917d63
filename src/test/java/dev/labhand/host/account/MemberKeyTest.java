package dev.labhand.host.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labhand.audit.AuditRow;
import dev.labhand.support.SshdPeer;
import dev.labhand.support.TestApp;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Outcome;
import dev.labhand.tool.Redactor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Members' public keys: what is accepted, what is refused and why, and a pasted private key kept out of everything. */
class MemberKeyTest {
    @TempDir
    Path dir;

    private String pub(String name, String type, String... bits) throws Exception {
        Path key = dir.resolve(name);
        var argv = new java.util.ArrayList<>(java.util.List.of("ssh-keygen", "-q", "-t", type, "-N", "", "-C", "me@laptop", "-f", key.toString()));
        if (bits.length > 0) argv.addAll(java.util.List.of("-b", bits[0]));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        assertThat(p.waitFor()).isZero();
        return Files.readString(SshdPeer.publicKeyOf(key)).strip();
    }

    private MemberKey.Problem problem(String line) {
        try {
            MemberKey.parse(line);
            return null;
        } catch (MemberKey.Refused r) {
            return r.problem();
        }
    }

    @Test
    void should_accept_ed25519_ecdsa_and_long_rsa_keys_with_their_comment() throws Exception {
        MemberKey ed = MemberKey.parse(pub("ed", "ed25519"));
        assertThat(ed.type()).isEqualTo("ssh-ed25519");
        assertThat(ed.line()).endsWith(" me@laptop");
        assertThat(ed.fingerprint()).startsWith("SHA256:");
        assertThat(MemberKey.parse(pub("ec", "ecdsa", "384")).type()).isEqualTo("ecdsa-sha2-nistp384");
        assertThat(MemberKey.parse(pub("rsa", "rsa", "3072")).type()).isEqualTo("ssh-rsa");
    }

    @Test
    void should_refuse_short_rsa_options_other_types_and_broken_lines() throws Exception {
        String ed = pub("ed", "ed25519");
        assertThat(problem(pub("rsa2048", "rsa", "2048"))).isEqualTo(MemberKey.Problem.RSA_SHORT);
        assertThat(problem("command=\"/bin/sh\" " + ed)).isEqualTo(MemberKey.Problem.OPTIONS);
        assertThat(problem("from=\"10.0.0.1\",no-pty " + ed)).isEqualTo(MemberKey.Problem.OPTIONS);
        assertThat(problem("ssh-dss AAAAB3NzaC1kc3MAAACBA")).isEqualTo(MemberKey.Problem.TYPE);
        assertThat(problem(ed + "\n" + ed)).isEqualTo(MemberKey.Problem.MULTILINE);
        assertThat(problem(ed.substring(0, 40))).isEqualTo(MemberKey.Problem.MALFORMED);
        assertThat(problem("ssh-ed25519 " + ed.split(" ")[1].replace('A', 'B'))).isEqualTo(MemberKey.Problem.MALFORMED);
    }

    @Test
    void should_refuse_a_pasted_private_key_and_keep_it_out_of_the_audit_and_the_store() throws Exception {
        pub("leak", "ed25519");
        String privateKey = Files.readString(dir.resolve("leak"));
        String body = privateKey.lines().skip(1).findFirst().orElseThrow();
        assertThat(problem(privateKey)).isEqualTo(MemberKey.Problem.PRIVATE);
        assertThat(Redactor.redact("key=" + privateKey.substring(0, 60))).doesNotContain(body.substring(0, 20));
        assertThat(Redactor.redact(privateKey.replace("\n", " "))).doesNotContain(body.substring(0, 20));
        assertThat(Redactor.redact(body)).doesNotContain(body.substring(0, 20));

        try (TestApp t = new TestApp(Files.createDirectories(dir.resolve("app")))) {
            Caller eve = TestApp.learner("eve");
            for (String pasted : new String[] {privateKey, privateKey.replace("\n", " "), body,
                    privateKey.substring(0, 200).replace("\n", " ")}) {
                Outcome o = t.call(eve, "account.key-set", Map.of("key", pasted));
                assertThat(o).isInstanceOf(Outcome.Invalid.class);
                assertThat(((Outcome.Invalid) o).text()).contains("PRIVATE key").contains("exposed")
                        .doesNotContain(body.substring(0, 20));
            }
            assertThat(t.app.accounts.repository().keyOf("eve")).isEmpty();
            var rows = t.app.audit.list("eve", "account.key-set", 10);
            assertThat(rows).hasSize(4);
            for (AuditRow r : rows) {
                assertThat(r.args() + r.detail()).doesNotContain(body.substring(0, 20)).doesNotContain("b3BlbnNzaC1rZXktdjE");
            }
            // a private key in another tool's argument is refused the same way
            Outcome elsewhere = t.call(eve, "workspace.status", Map.of("name", privateKey.replace("\n", " ")));
            assertThat(((Outcome.Invalid) elsewhere).text()).contains("PRIVATE key");
        }
    }

    @Test
    void should_make_account_names_only_from_safe_names() {
        assertThat(AccountName.derive("ana", "Ana")).contains("ana");
        assertThat(AccountName.derive("123456789012345678", "Kim Min-su")).contains("kimmin-su");
        assertThat(AccountName.derive("123456789012345678", "김민수")).contains("m345678");
        assertThat(AccountName.derive("root", "root")).isEmpty();
        assertThat(AccountName.derive("../x", "x")).isEmpty();
        assertThat(AccountName.derive("a".repeat(40), "a")).isEmpty();
        assertThat(AccountName.valid("systemd-coredump")).isFalse();
        assertThat(AccountName.next("a".repeat(32), 2)).hasSize(32).endsWith("-2");
    }
}
