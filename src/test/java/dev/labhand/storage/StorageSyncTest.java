package dev.labhand.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labhand.audit.AuditRow;
import dev.labhand.store.WorkspaceRecord;
import dev.labhand.support.S3Peer;
import dev.labhand.support.TestApp;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** storage.list and storage.sync through the gateway against a real S3 server (S3Mock), on the bot's machine. */
final class StorageSyncTest {
    @TempDir Path dir;
    private TestApp t;
    private S3Peer s3;
    private S3Client client;
    private String bucket;
    private static final Caller ALICE = TestApp.learner("alice");
    private static final Caller BOB = TestApp.learner("bob");
    private static final Caller TEACHER = TestApp.instructor("teacher");

    @BeforeEach
    void start() {
        s3 = S3Peer.start();
        bucket = "course-" + UUID.randomUUID().toString().substring(0, 8);
        s3.createBucket(bucket);
        client = s3.client();
        t = new TestApp(dir, "", """
                storage:
                  locations:
                    course-data:
                      url: s3://%s/data
                      endpoint: %s
                    missing:
                      url: s3://no-such-bucket-here/data
                      endpoint: %s
                """.formatted(bucket, s3.endpoint(), s3.endpoint()), java.time.Clock.systemUTC());
        workspace("alice-ws", "alice");
        workspace("bob-ws", "bob");
    }

    @AfterEach
    void stop() {
        t.close();
        client.close();
    }

    private void workspace(String name, String owner) {
        Instant now = Instant.now();
        t.app.workspaces.insert(new WorkspaceRecord(UUID.randomUUID().toString(), name, owner, "busybox-cpu", "local",
                null, WorkspaceRecord.Status.STOPPED, Map.of(), null, now, now));
    }

    private Path dataOf(String workspace) {
        return Path.of(t.app.workspaceService.volumeDir(t.app.workspaces.byName(workspace).orElseThrow()), "work");
    }

    private void put(String key, String body) {
        client.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(body));
    }

    private Map<String, Long> objects(String prefix) {
        Map<String, Long> out = new HashMap<>();
        for (S3Object o : client.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
            out.put(o.key(), o.size());
        }
        return out;
    }

    private static Map<String, String> args(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }

    @Test
    void should_list_a_folder_with_sizes_and_hide_other_members_folders() {
        put("data/shared/readme.txt", "hello course");
        put("data/members/alice/a.csv", "1,2,3");
        put("data/members/bob/secret.csv", "nope");

        Outcome top = t.call(ALICE, "storage.list", args("location", "course-data", "path", "members/"));
        assertThat(top).isInstanceOf(Outcome.Done.class);
        Outcome.Done done = (Outcome.Done) top;
        assertThat(done.text()).contains("alice/").doesNotContain("bob");
        assertThat(done.command()).isEqualTo("aws s3 ls --human-readable s3://" + bucket + "/data/members/ --endpoint-url " + s3.endpoint());

        Outcome shared = t.call(ALICE, "storage.list", args("location", "course-data", "path", "shared"));
        assertThat(((Outcome.Done) shared).text()).contains("readme.txt").contains("12 B");

        Outcome teacher = t.call(TEACHER, "storage.list", args("location", "course-data", "path", "members/"));
        assertThat(((Outcome.Done) teacher).text()).contains("alice/").contains("bob/");
    }

    @Test
    void should_sync_down_then_find_nothing_to_do_and_keep_the_objects_time() throws Exception {
        put("data/members/alice/a.csv", "1,2,3");
        put("data/members/alice/deep/b.txt", "bee");

        Outcome first = t.call(ALICE, "storage.sync", args("location", "course-data", "direction", "down", "workspace", "alice-ws"));
        assertThat(first).as(first.toString()).isInstanceOf(Outcome.Done.class);
        assertThat(((Outcome.Done) first).text()).contains("2 file(s)");
        Path data = dataOf("alice-ws");
        assertThat(Files.readString(data.resolve("a.csv"))).isEqualTo("1,2,3");
        assertThat(Files.readString(data.resolve("deep/b.txt"))).isEqualTo("bee");
        Instant modified = client.headObject(b -> b.bucket(bucket).key("data/members/alice/a.csv")).lastModified();
        assertThat(Files.getLastModifiedTime(data.resolve("a.csv")).toInstant().getEpochSecond())
                .isEqualTo(modified.getEpochSecond());
        try (var files = Files.walk(data)) {
            assertThat(files.filter(p -> p.toString().endsWith(LocalFolder.PART_SUFFIX))).isEmpty();
        }

        Outcome again = t.call(ALICE, "storage.sync", args("location", "course-data", "direction", "down", "workspace", "alice-ws"));
        assertThat(((Outcome.Done) again).text()).contains("nothing to do").contains("2 file(s) already the same");
        assertThat(((Outcome.Done) again).command()).startsWith("aws s3 sync s3://" + bucket + "/data/members/alice/ " + data);
    }

    @Test
    void should_sync_up_plan_first_and_delete_only_after_confirming_what_goes() throws Exception {
        Path data = dataOf("alice-ws");
        Files.createDirectories(data.resolve("results"));
        Files.writeString(data.resolve("results/model.txt"), "weights");
        Files.writeString(data.resolve("notes.tmp"), "scratch");
        put("data/members/alice/old.csv", "stale");

        Outcome plan = t.call(ALICE, "storage.sync", args("location", "course-data", "direction", "up",
                "workspace", "alice-ws", "delete", "true", "exclude", "*.tmp", "plan", "true"));
        assertThat(((Outcome.Done) plan).text()).contains("results/model.txt").contains("old.csv").doesNotContain("notes.tmp");
        assertThat(objects("data/members/alice/")).containsOnlyKeys("data/members/alice/old.csv");

        Outcome ask = t.call(ALICE, "storage.sync", args("location", "course-data", "direction", "up",
                "workspace", "alice-ws", "delete", "true", "exclude", "*.tmp"));
        assertThat(ask).isInstanceOf(Outcome.NeedsConfirmation.class);
        assertThat(((Outcome.NeedsConfirmation) ask).text()).contains("delete 1 file(s): old.csv");
        assertThat(objects("data/members/alice/")).containsOnlyKeys("data/members/alice/old.csv");

        Outcome done = t.callConfirmed(ALICE, "storage.sync", args("location", "course-data", "direction", "up",
                "workspace", "alice-ws", "delete", "true", "exclude", "*.tmp"));
        assertThat(done).as(done.toString()).isInstanceOf(Outcome.Done.class);
        assertThat(objects("data/members/alice/")).containsOnlyKeys("data/members/alice/results/model.txt");

        // a file changed since: only it goes up again
        Files.writeString(data.resolve("results/model.txt"), "weights v2");
        Files.setLastModifiedTime(data.resolve("results/model.txt"), FileTime.from(Instant.now().plusSeconds(5)));
        Outcome changed = t.call(ALICE, "storage.sync", args("location", "course-data", "direction", "up", "workspace", "alice-ws",
                "exclude", "*.tmp"));
        assertThat(((Outcome.Done) changed).text()).contains("1 file(s)");
        assertThat(objects("data/members/alice/")).containsEntry("data/members/alice/results/model.txt", 10L);
    }

    @Test
    void should_resume_an_interrupted_download_copying_only_what_is_missing() throws Exception {
        for (int i = 0; i < 5; i++) put("data/members/alice/f" + i + ".txt", "file " + i);
        Path data = dataOf("alice-ws");
        t.call(ALICE, "storage.sync", args("location", "course-data", "direction", "down", "workspace", "alice-ws"));
        // as a restart mid-run leaves it: two files never arrived, one only as a partial file
        Files.delete(data.resolve("f3.txt"));
        Files.delete(data.resolve("f4.txt"));
        Files.writeString(LocalFolder.partOf(data.resolve("f4.txt")), "fi");

        Outcome plan = t.call(ALICE, "storage.sync", args("location", "course-data", "direction", "down",
                "workspace", "alice-ws", "plan", "true"));
        assertThat(((Outcome.Done) plan).text()).contains("copy 2 file(s)").contains("f3.txt, f4.txt");
        Outcome resumed = t.call(ALICE, "storage.sync", args("location", "course-data", "direction", "down", "workspace", "alice-ws"));
        assertThat(((Outcome.Done) resumed).text()).contains("2 file(s)").contains("3 already the same");
        assertThat(Files.readString(data.resolve("f4.txt"))).isEqualTo("file 4");
        assertThat(LocalFolder.partOf(data.resolve("f4.txt"))).doesNotExist();
    }

    @Test
    void should_refuse_and_audit_other_members_prefixes_dot_dot_and_unknown_locations() {
        put("data/members/bob/secret.csv", "nope");
        Outcome others = t.call(ALICE, "storage.sync", args("location", "course-data", "direction", "down",
                "workspace", "alice-ws", "path", "members/bob/"));
        assertThat(others).isInstanceOf(Outcome.Denied.class);
        Outcome othersUp = t.call(ALICE, "storage.sync", args("location", "course-data", "direction", "up",
                "workspace", "alice-ws", "path", "shared/"));
        assertThat(othersUp).isInstanceOf(Outcome.Denied.class);
        Outcome dotDot = t.call(ALICE, "storage.sync", args("location", "course-data", "direction", "down",
                "workspace", "alice-ws", "path", "members/alice/../bob/"));
        assertThat(dotDot).isInstanceOf(Outcome.Invalid.class);
        assertThat(((Outcome.Invalid) dotDot).text()).contains("'..'");
        Outcome unknown = t.call(ALICE, "storage.list", args("location", "elsewhere"));
        assertThat(unknown).isInstanceOf(Outcome.Invalid.class);
        assertThat(((Outcome.Invalid) unknown).text()).contains("course-data");
        Outcome notMine = t.call(ALICE, "storage.sync", args("location", "course-data", "direction", "down", "workspace", "bob-ws"));
        assertThat(notMine).isInstanceOf(Outcome.Denied.class);
        assertThat(dataOf("alice-ws").resolve("secret.csv")).doesNotExist();

        List<AuditRow> rows = new java.util.ArrayList<>(t.app.audit.list("alice", null, 20));
        java.util.Collections.reverse(rows);
        assertThat(rows).filteredOn(r -> r.tool().startsWith("storage."))
                .extracting(r -> r.tool() + " " + r.outcome())
                .containsExactly("storage.sync denied", "storage.sync denied", "storage.sync invalid",
                        "storage.list invalid", "storage.sync denied");
    }

    @Test
    void should_say_plainly_when_the_bucket_does_not_exist() {
        Outcome missing = t.call(TEACHER, "storage.list", args("location", "missing"));
        assertThat(missing).isInstanceOf(Outcome.Failed.class);
        assertThat(((Outcome.Failed) missing).text()).contains("no-such-bucket-here").contains("does not exist");
    }
}
