package dev.labhand.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labhand.config.ConfigException;
import dev.labhand.config.LabhandConfig;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Caller.Lang;
import dev.labhand.tool.Outcome;
import dev.labhand.tool.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageAccessTest {
    @TempDir Path dir;

    private static final Caller ALICE = new Caller("111", "alice", Role.LEARNER, Lang.EN, "c");
    private static final Caller BOB_KO = new Caller("222", "bob", Role.LEARNER, Lang.KO, "c");
    private static final Caller TEACHER = new Caller("999", "teacher", Role.INSTRUCTOR, Lang.EN, "c");

    private StorageCatalog catalog() throws Exception {
        Path file = dir.resolve("labhand.yaml");
        Files.writeString(file, """
                storage:
                  locations:
                    course-data:
                      url: s3://course-bucket/data/
                      endpoint: http://127.0.0.1:9000
                    lake:
                      url: abfss://class@labhandlake.dfs.core.windows.net/2026
                      learnerRead: [shared/, "teams/{member}/"]
                      learnerWrite: ["teams/{member}/"]
                """);
        return StorageCatalog.from(LabhandConfig.load(file, LabhandConfig.env(Map.of())).storage());
    }

    @Test
    void locationsParseIntoAddresses() throws Exception {
        StorageCatalog c = catalog();
        StorageLocation s3 = c.find("course-data").orElseThrow();
        assertThat(s3.kind()).isEqualTo(StorageLocation.Kind.S3);
        assertThat(s3.container()).isEqualTo("course-bucket");
        assertThat(s3.root()).isEqualTo("data");
        assertThat(s3.key("members/111/a.csv")).isEqualTo("data/members/111/a.csv");
        assertThat(s3.url("shared/")).isEqualTo("s3://course-bucket/data/shared/");
        assertThat(s3.learnerWrite()).containsExactly("members/{member}/");
        StorageLocation lake = c.find("lake").orElseThrow();
        assertThat(lake.kind()).isEqualTo(StorageLocation.Kind.ADLS);
        assertThat(lake.container()).isEqualTo("class");
        assertThat(lake.account()).isEqualTo("labhandlake");
        assertThat(lake.url("")).isEqualTo("abfss://class@labhandlake.dfs.core.windows.net/2026/");
        assertThat(c.names()).containsExactly("course-data", "lake");
    }

    @Test
    void pathsAreNormalisedAndEscapesRefused() {
        assertThat(StoragePaths.normalise("members//111/./x.csv")).contains("members/111/x.csv");
        assertThat(StoragePaths.normalise(" shared/ ")).contains("shared/");
        assertThat(StoragePaths.normalise("")).contains("");
        assertThat(StoragePaths.normalise(null)).contains("");
        for (String bad : new String[] {"../x", "members/111/../222/", "/etc/passwd", "~/x", "a\\b", "a\u0000b",
                "a\u202eb", "x/" + "y".repeat(1100)}) {
            assertThat(StoragePaths.normalise(bad)).as(bad).isEmpty();
        }
    }

    @Test
    void learnersReachOnlyTheirOwnFolderAndShared() throws Exception {
        StorageCatalog c = catalog();
        StorageLocation s3 = c.find("course-data").orElseThrow();
        assertThat(StorageAccess.check(ALICE, s3, "members/111/", StorageAccess.Mode.WRITE)).isNull();
        assertThat(StorageAccess.check(ALICE, s3, "members/111/deep/file.csv", StorageAccess.Mode.WRITE)).isNull();
        assertThat(StorageAccess.check(ALICE, s3, "shared/iris.csv", StorageAccess.Mode.READ)).isNull();
        // browsing down to one's own folder is allowed; the listing is filtered
        assertThat(StorageAccess.check(ALICE, s3, "", StorageAccess.Mode.READ)).isNull();
        assertThat(StorageAccess.check(ALICE, s3, "members", StorageAccess.Mode.READ)).isNull();

        Outcome other = StorageAccess.check(ALICE, s3, "members/222/", StorageAccess.Mode.READ);
        assertThat(other).isInstanceOf(Outcome.Denied.class);
        assertThat(((Outcome.Denied) other).text()).contains("s3://course-bucket/data/members/222/", "members/111/");
        assertThat(StorageAccess.check(ALICE, s3, "members/1111/", StorageAccess.Mode.READ)).isInstanceOf(Outcome.Denied.class);
        assertThat(StorageAccess.check(ALICE, s3, "shared/x.csv", StorageAccess.Mode.WRITE)).isInstanceOf(Outcome.Denied.class);
        assertThat(StorageAccess.check(ALICE, s3, "", StorageAccess.Mode.WRITE)).isInstanceOf(Outcome.Denied.class);
        assertThat(StorageAccess.check(TEACHER, s3, "members/222/", StorageAccess.Mode.WRITE)).isNull();

        assertThat(StorageAccess.visible(ALICE, s3, "members/")).isTrue();
        assertThat(StorageAccess.visible(ALICE, s3, "members/111/")).isTrue();
        assertThat(StorageAccess.visible(ALICE, s3, "members/222/")).isFalse();
        assertThat(StorageAccess.visible(ALICE, s3, "members/222/a.csv")).isFalse();
        assertThat(StorageAccess.visible(ALICE, s3, "private/")).isFalse();
        assertThat(StorageAccess.visible(TEACHER, s3, "members/222/a.csv")).isTrue();

        StorageLocation lake = c.find("lake").orElseThrow();
        assertThat(StorageAccess.check(ALICE, lake, "teams/111/x", StorageAccess.Mode.WRITE)).isNull();
        assertThat(StorageAccess.check(ALICE, lake, "members/111/x", StorageAccess.Mode.WRITE)).isInstanceOf(Outcome.Denied.class);
    }

    @Test
    void requestsAreCheckedWholeInTheMembersLanguage() throws Exception {
        StorageCatalog c = catalog();
        Outcome unknown = StorageAccess.checkRequest(c, BOB_KO, "nope", "", StorageAccess.Mode.READ);
        assertThat(((Outcome.Invalid) unknown).text()).contains("'nope'", "course-data, lake", "저장소");
        Outcome dots = StorageAccess.checkRequest(c, ALICE, "course-data", "members/111/../222", StorageAccess.Mode.READ);
        assertThat(((Outcome.Invalid) dots).text()).contains("members/111/../222", "..");
        Outcome denied = StorageAccess.checkRequest(c, BOB_KO, "course-data", "members/111/", StorageAccess.Mode.READ);
        assertThat(((Outcome.Denied) denied).text()).contains("권한", "members/222/");
        assertThat(StorageAccess.checkRequest(c, BOB_KO, "course-data", "members/222/x", StorageAccess.Mode.WRITE)).isNull();
    }

    @Test
    void badLocationsAreRefusedNamingTheKey() throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "storage:\n  locations:\n    data:\n      url: http://example.com/x\n");
        assertThatThrownBy(() -> LabhandConfig.load(file, LabhandConfig.env(Map.of())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("storage.locations.data.url");
        Files.writeString(file, "storage:\n  locations:\n    data:\n      url: s3://bucket/a/../b\n");
        assertThatThrownBy(() -> LabhandConfig.load(file, LabhandConfig.env(Map.of())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("url");
        Files.writeString(file, "storage:\n  locations:\n    data:\n      url: s3://bucket\n      learnerWrite: [\"../x/\"]\n");
        assertThatThrownBy(() -> LabhandConfig.load(file, LabhandConfig.env(Map.of())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("storage.locations.data.learnerWrite");
        Files.writeString(file, "storage:\n  locations:\n    data:\n      url: s3://bucket\n      secretKey: x\n");
        assertThatThrownBy(() -> LabhandConfig.load(file, LabhandConfig.env(Map.of())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("secretKey");
    }
}
