package dev.labhand.storage.adls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labhand.storage.StorageLocation;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * blobfuse2 cannot be installed here (it comes from Microsoft's package repository), so its configuration and
 * commands are checked as data: the YAML parses to what blobfuse2 reads, the SAS is scoped to the member's folder and
 * never appears in a command line or the teaching text.
 */
final class BlobfuseMountTest {
    private final FakeDfs dfs = FakeDfs.start();
    private final StorageLocation lake = AdlsAccessControlTest.catalog(dfs, "/course2026").find("lake").orElseThrow();
    private final AdlsClients clients = new AdlsClients(Map.of("AZURE_STORAGE_KEY", FakeDfs.KEY)::get);

    @Test
    @SuppressWarnings("unchecked")
    void should_write_a_blobfuse2_config_for_the_members_folder_with_a_folder_scoped_sas() {
        OffsetDateTime expiry = OffsetDateTime.of(2026, 12, 31, 0, 0, 0, 0, ZoneOffset.UTC);
        String sas = clients.directorySas(lake, AdlsPaths.path(lake, "members/minji/"), true, expiry).orElseThrow();

        var plan = BlobfuseMount.plan(lake, "minji", sas, false);

        Map<String, Object> yaml = new Yaml().load(plan.config());
        Map<String, Object> az = (Map<String, Object>) yaml.get("azstorage");
        assertEquals("adls", az.get("type"));
        assertEquals("sas", az.get("mode"));
        assertEquals("course", az.get("container"));
        assertEquals("course2026/members/minji", az.get("subdirectory"));
        assertEquals(FakeDfs.ACCOUNT, az.get("account-name"));
        assertEquals(List.of("libfuse", "file_cache", "attr_cache", "azstorage"), yaml.get("components"));
        String token = (String) az.get("sas");
        assertTrue(token.contains("sr=d"), token);
        assertTrue(token.contains("sdd=3"), "depth of course2026/members/minji: " + token);
        assertTrue(token.contains("se=2026-12-31"), token);
        assertTrue(token.contains("spr=https"), token);
        assertTrue(token.matches(".*sp=[a-z]*w.*"), token);
        assertEquals(List.of("sudo", "blobfuse2", "mount", "/mnt/labhand/lake/minji",
                "--config-file=/etc/labhand/blobfuse2/lake-minji.yaml"), plan.mount());
        assertEquals(List.of("sudo", "install", "-m", "0600", "/dev/stdin", "/etc/labhand/blobfuse2/lake-minji.yaml"),
                plan.writeConfig());
        assertEquals(List.of("sudo", "blobfuse2", "unmount", "/mnt/labhand/lake/minji"), plan.unmount().get(0));
        String sig = token.replaceAll(".*sig=([^&]*).*", "$1");
        for (List<String> argv : plan.install()) assertFalse(String.join(" ", argv).contains(sig));
        assertFalse(plan.teaching().contains(sig));
        assertFalse(String.join(" ", plan.mount()).contains(sig));
        dfs.close();
    }

    @Test
    void should_make_a_read_only_mount_with_a_read_only_sas() {
        String sas = clients.directorySas(lake, "course2026/shared", false, OffsetDateTime.now().plusHours(8)).orElseThrow();
        var plan = BlobfuseMount.plan(lake, "jisoo", sas, true);
        assertTrue(plan.config().contains("read-only: true"));
        assertTrue(sas.matches(".*sp=[rle]+(&.*)?"), sas);
        assertTrue(new AdlsClients(Map.<String, String>of()::get).directorySas(lake, "x", false,
                OffsetDateTime.now().plusHours(1)).isEmpty(), "no key, no SAS");
        dfs.close();
    }
}
