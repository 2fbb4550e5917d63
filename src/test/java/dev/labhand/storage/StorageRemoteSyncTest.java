package dev.labhand.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labhand.store.WorkspaceRecord;
import dev.labhand.support.S3Peer;
import dev.labhand.support.SshdPeer;
import dev.labhand.support.TestApp;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Outcome;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * storage.sync for a workspace on a remote host (real OpenSSH in the labhand-test/sshd container): the host's curl
 * fetches and sends with presigned URLs straight from the S3 server, the bot only lists and plans.
 */
final class StorageRemoteSyncTest {
    @TempDir Path dir;
    private SshdPeer sshd;
    private TestApp t;
    private S3Peer s3;
    private S3Client client;
    private String bucket;
    private static final Caller ALICE = TestApp.learner("alice");
    private static final Caller TEACHER = TestApp.instructor("teacher");
    private static final String FOLDER = "/var/lib/labhand/members/alice/remote-ws/work";

    @BeforeEach
    void start() {
        s3 = S3Peer.start();
        bucket = "remote-" + UUID.randomUUID().toString().substring(0, 8);
        s3.createBucket(bucket);
        client = s3.client();
        sshd = SshdPeer.start();
        // the host's volume root, as the VM's cloud-init makes it for the admin user
        assertThat(sshd.exec("install", "-d", "-o", SshdPeer.USER, "/var/lib/labhand/members").exit()).isZero();
        t = new TestApp(dir, "", """
                vm:
                  sshKey: %s
                storage:
                  locations:
                    course-data:
                      url: s3://%s/data
                      endpoint: %s
                """.formatted(sshd.privateKey(), bucket, s3.endpoint()), Clock.systemUTC());
        Outcome added = t.call(TEACHER, "host.add", Map.of("name", "lab-remote", "address", "127.0.0.1",
                "port", String.valueOf(sshd.port()), "user", SshdPeer.USER, "host-key", sshd.hostKey().line()));
        assertThat(added).as(added.toString()).isInstanceOf(Outcome.Done.class);
        Instant now = Instant.now();
        t.app.workspaces.insert(new WorkspaceRecord(UUID.randomUUID().toString(), "remote-ws", "alice", "busybox-cpu",
                "lab-remote", null, WorkspaceRecord.Status.STOPPED, Map.of(), null, now, now));
    }

    @AfterEach
    void stop() {
        try {
            t.close();
        } finally {
            sshd.close();
            client.close();
        }
    }

    private static Map<String, String> args(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }

    @Test
    void should_sync_down_and_up_on_the_host_itself_and_find_nothing_to_do_after() {
        client.putObject(b -> b.bucket(bucket).key("data/members/alice/a.csv"), RequestBody.fromString("1,2,3"));
        client.putObject(b -> b.bucket(bucket).key("data/members/alice/deep/b.txt"), RequestBody.fromString("bee"));

        Outcome down = t.call(ALICE, "storage.sync", args("location", "course-data", "direction", "down", "workspace", "remote-ws"));
        assertThat(down).as(down.toString()).isInstanceOf(Outcome.Done.class);
        assertThat(((Outcome.Done) down).text()).contains("2 file(s)");
        assertThat(sshd.exec("cat", FOLDER + "/deep/b.txt").output()).isEqualTo("bee");
        long objectTime = client.headObject(b -> b.bucket(bucket).key("data/members/alice/a.csv")).lastModified().getEpochSecond();
        assertThat(sshd.exec("stat", "-c", "%Y", FOLDER + "/a.csv").output().strip()).isEqualTo(Long.toString(objectTime));
        assertThat(sshd.exec("find", FOLDER, "-name", "*.labhand-part").output()).isBlank();

        Outcome again = t.call(ALICE, "storage.sync", args("location", "course-data", "direction", "down", "workspace", "remote-ws"));
        assertThat(((Outcome.Done) again).text()).contains("nothing to do");

        assertThat(sshd.exec("sh", "-c", "mkdir -p " + FOLDER + "/out && printf result > " + FOLDER + "/out/r.txt"
                + " && chown -R " + SshdPeer.USER + " " + FOLDER).exit()).isZero();
        Outcome up = t.call(ALICE, "storage.sync", args("location", "course-data", "direction", "up", "workspace", "remote-ws"));
        assertThat(up).as(up.toString()).isInstanceOf(Outcome.Done.class);
        assertThat(((Outcome.Done) up).text()).contains("1 file(s)");
        assertThat(client.getObjectAsBytes(b -> b.bucket(bucket).key("data/members/alice/out/r.txt")).asUtf8String())
                .isEqualTo("result");

        // a link the member made in the workspace never lets a download write outside the data folder
        assertThat(sshd.exec("ln", "-s", "/home/" + SshdPeer.USER, FOLDER + "/escape").exit()).isZero();
        client.putObject(b -> b.bucket(bucket).key("data/members/alice/escape/planted.txt"), RequestBody.fromString("x"));
        Outcome escape = t.call(ALICE, "storage.sync", args("location", "course-data", "direction", "down", "workspace", "remote-ws"));
        assertThat(escape).as(escape.toString()).isInstanceOf(Outcome.Failed.class);
        assertThat(((Outcome.Failed) escape).text()).contains("escape/planted.txt");
        assertThat(sshd.exec("test", "-e", "/home/" + SshdPeer.USER + "/planted.txt").exit()).isNotZero();
    }

    @Test
    void should_refuse_another_members_prefix_before_touching_the_host() {
        Outcome refused = t.call(ALICE, "storage.sync", args("location", "course-data", "direction", "up",
                "workspace", "remote-ws", "path", "members/bob/"));
        assertThat(refused).isInstanceOf(Outcome.Denied.class);
        assertThat(sshd.exec("test", "-e", FOLDER).exit()).isNotZero();
    }
}
