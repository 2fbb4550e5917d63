package dev.labhand.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labhand.store.WorkspaceRecord;
import dev.labhand.support.S3Peer;
import dev.labhand.support.TestApp;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bot and Debian's awscli ({@code /usr/bin/aws}, installed by {@code scripts/peers.sh test}) agree on what
 * "in sync" means against the same S3 server: after either copies a tree, the other finds nothing to do.
 */
final class StorageInteropTest {
    private static final Path AWS = Path.of("/usr/bin/aws");
    @TempDir Path dir;
    private TestApp t;
    private S3Peer s3;
    private String bucket;
    private static final Caller ALICE = TestApp.learner("alice");

    @BeforeEach
    void start() {
        assertThat(AWS).as("Debian's awscli is missing: run scripts/peers.sh test").isExecutable();
        s3 = S3Peer.start();
        bucket = "interop-" + UUID.randomUUID().toString().substring(0, 8);
        s3.createBucket(bucket);
        t = new TestApp(dir, "", """
                storage:
                  locations:
                    course-data:
                      url: s3://%s/data
                      endpoint: %s
                """.formatted(bucket, s3.endpoint()), java.time.Clock.systemUTC());
        Instant now = Instant.now();
        for (String ws : List.of("alice-one", "alice-two")) {
            t.app.workspaces.insert(new WorkspaceRecord(UUID.randomUUID().toString(), ws, "alice", "busybox-cpu",
                    "local", null, WorkspaceRecord.Status.STOPPED, Map.of(), null, now, now));
        }
    }

    @AfterEach
    void stop() {
        t.close();
    }

    private Path dataOf(String workspace) {
        return Path.of(t.app.workspaceService.volumeDir(t.app.workspaces.byName(workspace).orElseThrow()), "work");
    }

    /** A small tree as a learner's work leaves it: files written a while ago, some in sub-folders. */
    private static void tree(Path root) throws Exception {
        Instant earlier = Instant.now().minusSeconds(3600);
        for (int i = 0; i < 12; i++) {
            Path f = root.resolve(i % 3 == 0 ? "nested/deeper/f" + i + ".csv" : "f" + i + ".txt");
            Files.createDirectories(f.getParent());
            Files.write(f, new byte[1000 + i * 777]);
            Files.setLastModifiedTime(f, FileTime.from(earlier.plusSeconds(i)));
        }
    }

    private String aws(String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of(AWS.toString(), "--endpoint-url", s3.endpoint()));
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        pb.environment().putAll(S3Peer.env());
        pb.environment().put("HOME", dir.toString()); // no profile of this machine's
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as("aws " + String.join(" ", args) + ": " + out).isZero();
        return out;
    }

    @Test
    void after_the_bot_syncs_up_awscli_finds_nothing_to_do() throws Exception {
        Path data = dataOf("alice-one");
        tree(data);
        Outcome up = t.call(ALICE, "storage.sync", Map.of("location", "course-data", "direction", "up", "workspace", "alice-one"));
        assertThat(up).as(up.toString()).isInstanceOf(Outcome.Done.class);
        assertThat(((Outcome.Done) up).text()).contains("12 file(s)");

        String dry = aws("s3", "sync", "--dryrun", data.toString(), "s3://" + bucket + "/data/members/alice/");
        assertThat(dry).isBlank();
        // and awscli downloading what the bot uploaded gets the same bytes
        Path back = dir.resolve("back");
        aws("s3", "sync", "s3://" + bucket + "/data/members/alice/", back.toString());
        assertThat(Files.readAllBytes(back.resolve("nested/deeper/f9.csv"))).isEqualTo(Files.readAllBytes(data.resolve("nested/deeper/f9.csv")));
        // the bot's download next to awscli's: then awscli finds nothing to do down either
        Outcome down = t.call(ALICE, "storage.sync", Map.of("location", "course-data", "direction", "down", "workspace", "alice-two"));
        assertThat(((Outcome.Done) down).text()).contains("12 file(s)");
        assertThat(aws("s3", "sync", "--dryrun", "s3://" + bucket + "/data/members/alice/", dataOf("alice-two").toString())).isBlank();
    }

    /**
     * awscli's uploads cannot be stored by S3Mock 5.2 (it closes the connection on awscli's PutObject, which carries
     * Expect: 100-continue and Content-MD5), so the tree reaches the server through the SDK, which keeps the object
     * times as an upload does, and awscli makes the workspace's copy: the bot's plan finds nothing to do either way.
     */
    @Test
    void after_awscli_syncs_the_bots_plan_finds_nothing_to_do() throws Exception {
        Path source = dir.resolve("source");
        tree(source);
        try (var client = s3.client(); var files = Files.walk(source)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                client.putObject(b -> b.bucket(bucket).key("data/members/alice/" + source.relativize(f)),
                        software.amazon.awssdk.core.sync.RequestBody.fromFile(f));
            }
        }
        aws("s3", "sync", "s3://" + bucket + "/data/members/alice/", dataOf("alice-two").toString());
        assertThat(dataOf("alice-two").resolve("nested/deeper/f9.csv")).exists();
        Outcome downPlan = t.call(ALICE, "storage.sync", Map.of("location", "course-data", "direction", "down",
                "workspace", "alice-two", "plan", "true"));
        assertThat(((Outcome.Done) downPlan).text()).contains("nothing to do").contains("12 file(s) already the same");
        // what awscli wrote is also what an upload would send: nothing to copy up
        Outcome upPlan = t.call(ALICE, "storage.sync", Map.of("location", "course-data", "direction", "up",
                "workspace", "alice-two", "plan", "true"));
        assertThat(((Outcome.Done) upPlan).text()).contains("nothing to do").contains("12 file(s) already the same");
    }
}
