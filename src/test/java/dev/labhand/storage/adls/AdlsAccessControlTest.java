package dev.labhand.storage.adls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labhand.config.LabhandConfig;
import dev.labhand.storage.StorageCatalog;
import dev.labhand.storage.StorageEntry;
import dev.labhand.storage.StorageLocation;
import dev.labhand.tool.Caller.Lang;
import dev.labhand.tool.UserError;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The ACL service and the listing, with the real Data Lake client against the loopback dfs fake. */
final class AdlsAccessControlTest {
    static final String MINJI = "11111111-2222-3333-4444-555555555555";
    static final String GROUP = "99999999-8888-7777-6666-555555555555";
    private final FakeDfs dfs = FakeDfs.start();
    private final StorageCatalog catalog = catalog(dfs, "");
    private final StorageLocation lake = catalog.find("lake").orElseThrow();
    private final AdlsClients clients = new AdlsClients(Map.of("AZURE_STORAGE_KEY", FakeDfs.KEY)::get);
    private final AdlsAccessControl acl = new AdlsAccessControl(clients, catalog, Map.of("minji", MINJI), GROUP,
            id -> id.equals("minji") ? "Minji" : id, 2);

    static StorageCatalog catalog(FakeDfs dfs, String root) {
        var lake = new LabhandConfig.StorageLocation("abfss://course@" + FakeDfs.ACCOUNT + ".dfs.core.windows.net" + root,
                dfs.endpoint(), "", List.of("shared/", "members/{member}/"), List.of("members/{member}/"));
        var data = new LabhandConfig.StorageLocation("s3://course-bucket", "", "us-east-1", List.of(), List.of());
        return StorageCatalog.from(new LabhandConfig.Storage(Map.of("lake", lake, "data", data),
                new LabhandConfig.Adls(Map.of(), "", "rg", "koreacentral")));
    }

    @AfterEach
    void stop() {
        dfs.close();
        assertEquals(List.of(), dfs.unexpected(), "requests the fake did not know");
    }

    @Test
    void should_grant_with_default_entries_so_new_files_inherit_and_let_the_member_traverse_the_parents() {
        dfs.filesystem("course");
        dfs.make("course", "members/minji/old.csv", false, 10);
        dfs.make("course", "members/minji/sub/a.csv", false, 20);

        var change = acl.grant(lake, "members/minji/", "minji", "rwx", Lang.EN);

        assertEquals(2, change.directories());
        assertEquals(2, change.files());
        assertTrue(dfs.acl("course", "members/minji").containsAll(List.of("user:" + MINJI + ":rwx", "default:user:" + MINJI + ":rwx")));
        assertTrue(dfs.acl("course", "members/minji/old.csv").contains("user:" + MINJI + ":rwx"));
        assertFalse(dfs.acl("course", "members/minji/old.csv").contains("default:user:" + MINJI + ":rwx"), "defaults are for directories");
        assertTrue(dfs.acl("course", "").contains("user:" + MINJI + ":--x"), "the root lets her through");
        assertTrue(dfs.acl("course", "members").contains("user:" + MINJI + ":--x"));
        // a file made after the grant inherits her entry from the folder's default ACL
        dfs.make("course", "members/minji/new.csv", false, 5);
        assertTrue(dfs.acl("course", "members/minji/new.csv").contains("user:" + MINJI + ":rwx"));
        // the batches of two paths were followed through the service's continuation
        long batches = dfs.calls().stream().filter(c -> "setAccessControlRecursive".equals(c.query().get("action"))).count();
        assertEquals(2, batches, "four paths in batches of two");
        assertTrue(dfs.calls().stream().anyMatch(c -> c.query().containsKey("continuation")));
    }

    @Test
    void should_show_entries_with_the_members_name_beside_the_object_id() {
        dfs.filesystem("course");
        dfs.make("course", "shared", true, 0);
        acl.grant(lake, "shared/", "minji", "r-x", Lang.EN);

        var view = acl.show(lake, "shared/", Lang.EN);

        assertEquals("$superuser", view.owner());
        assertTrue(view.entries().contains("user:" + MINJI + " (Minji):r-x"), view.entries().toString());
        assertEquals("rwxr-x---+", view.permissions());
    }

    @Test
    void should_revoke_recursively_and_everywhere_and_say_what_it_cannot() {
        dfs.filesystem("course");
        dfs.make("course", "members/minji/sub/a.csv", false, 20);
        acl.grant(lake, "members/minji/", "minji", "rwx", Lang.EN);

        List<AdlsAccessControl.Revoked> revoked = acl.revokeEverywhere("minji");

        assertEquals(1, revoked.size(), "the S3 location is not ADLS");
        assertTrue(revoked.get(0).done(), revoked.get(0).text());
        for (String p : List.of("", "members", "members/minji", "members/minji/sub", "members/minji/sub/a.csv")) {
            assertTrue(dfs.acl("course", p).stream().noneMatch(e -> e.contains(MINJI)), p + ": " + dfs.acl("course", p));
        }
        var none = acl.revokeEverywhere("jisoo");
        assertFalse(none.get(0).done());
        assertTrue(none.get(0).text().contains("jisoo"), none.get(0).text());
        UserError e = assertThrows(UserError.class, () -> acl.grant(lake, "shared/", "jisoo", "rwx", Lang.KO));
        assertTrue(e.nothingDone());
    }

    @Test
    void should_list_one_level_through_every_page() {
        dfs.filesystem("course");
        dfs.listPageSize(2);
        for (int i = 0; i < 5; i++) dfs.make("course", "shared/f" + i + ".csv", false, 100 + i);
        dfs.make("course", "shared/sub/deep.csv", false, 1);

        List<StorageEntry> entries = new AdlsBackend(clients, Lang.EN).list(lake, "shared/");

        assertEquals("shared/sub/", entries.get(0).path());
        assertTrue(entries.get(0).isFolder());
        assertEquals(6, entries.size(), entries.toString());
        assertEquals(104, entries.get(5).size());
    }

    @Test
    void should_explain_denied_credentials_and_a_missing_filesystem() {
        UserError missing = assertThrows(UserError.class, () -> acl.show(lake, "shared/", Lang.EN));
        assertTrue(missing.getMessage().contains("FilesystemNotFound"), missing.getMessage());
        dfs.filesystem("course");
        dfs.deny(true);
        UserError denied = assertThrows(UserError.class, () -> acl.show(lake, "", Lang.KO));
        assertTrue(denied.getMessage().contains("403"), denied.getMessage());
    }
}
