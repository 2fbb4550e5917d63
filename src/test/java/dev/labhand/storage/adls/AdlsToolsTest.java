package dev.labhand.storage.adls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labhand.Wiring;
import dev.labhand.config.LabhandConfig;
import dev.labhand.support.TestApp;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Origin;
import dev.labhand.tool.Outcome;
import dev.labhand.tool.Progress;
import dev.labhand.tool.Role;
import dev.labhand.vm.azure.FakeArm;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * storage.acl and storage.adls-setup through the whole Labhand (the real Wiring and gateway): the Data Lake client
 * against the loopback dfs fake, the storage ARM client against the loopback ARM fake.
 */
final class AdlsToolsTest {
    static final String MINJI = AdlsAccessControlTest.MINJI;
    static final String GROUP = AdlsAccessControlTest.GROUP;
    static final Caller INSTRUCTOR = new Caller("inst", "Inst", Role.INSTRUCTOR, Caller.Lang.EN, "console");
    static final Caller MINJI_CALLER = new Caller("minji", "Minji", Role.LEARNER, Caller.Lang.KO, "console");
    static final Caller JISOO = new Caller("jisoo", "Jisoo", Role.LEARNER, Caller.Lang.EN, "console");

    @TempDir
    Path dir;
    private final FakeDfs dfs = FakeDfs.start();
    private final FakeArm arm = FakeArm.start();
    private Wiring app;

    @BeforeEach
    void start() {
        Path config = TestApp.writeConfig(dir, "", """
                vm:
                  azure:
                    subscriptionId: 00000000-0000-0000-0000-0000000000a2
                    endpoint: %s
                storage:
                  locations:
                    lake:
                      url: abfss://course@%s.dfs.core.windows.net
                      endpoint: %s
                    data:
                      url: s3://course-bucket/data
                  adls:
                    principals:
                      minji: %s
                    instructorsGroup: %s
                    resourceGroup: course-rg
                    region: koreacentral
                """.formatted(arm.directUrl(), FakeDfs.ACCOUNT, dfs.endpoint(), MINJI, GROUP));
        app = new Wiring(LabhandConfig.load(config, System::getenv), Map.of("AZURE_STORAGE_KEY", FakeDfs.KEY)::get,
                Clock.systemUTC());
        app.members.seen(MINJI_CALLER);
        app.members.seen(JISOO);
    }

    @AfterEach
    void stop() {
        app.close();
        dfs.close();
        arm.close();
        assertEquals(List.of(), dfs.unexpected());
        assertEquals(List.of(), arm.unexpected());
    }

    private Outcome call(Caller caller, String tool, Map<String, String> args) {
        return app.gateway.invoke(caller, tool, args, Origin.CONSOLE);
    }

    @Test
    void should_grant_show_and_revoke_a_members_access_and_teach_the_az_command() {
        dfs.filesystem("course");
        dfs.make("course", "shared/intro.csv", false, 10);

        var granted = assertInstanceOf(Outcome.Done.class, call(INSTRUCTOR, "storage.acl",
                Map.of("action", "grant", "location", "lake", "path", "shared/", "member", "minji", "access", "r-x")));
        assertTrue(granted.command().contains("az storage fs access update-recursive --acl \"user:" + MINJI + ":r-x,default:user:"
                + MINJI + ":r-x\" -p shared -f course --account-name " + FakeDfs.ACCOUNT), granted.command());
        assertTrue(dfs.acl("course", "shared/intro.csv").contains("user:" + MINJI + ":r-x"));

        var shown = assertInstanceOf(Outcome.Done.class, call(INSTRUCTOR, "storage.acl",
                Map.of("action", "show", "location", "lake", "path", "shared")));
        assertTrue(shown.text().contains("default:user:" + MINJI + " (Minji):r-x"), shown.text());

        assertInstanceOf(Outcome.Done.class, call(INSTRUCTOR, "storage.acl",
                Map.of("action", "revoke", "location", "lake", "path", "shared", "member", "minji")));
        assertTrue(dfs.acl("course", "shared").stream().noneMatch(e -> e.contains(MINJI)), dfs.acl("course", "shared").toString());
        assertEquals(3, app.audit.list("inst", "storage.acl", 10).stream().filter(r -> r.outcome().equals("done")).count(),
                "every call audited");
    }

    @Test
    void should_refuse_learners_other_kinds_bad_paths_and_members_without_an_object_id_before_touching_adls() {
        dfs.filesystem("course");
        assertInstanceOf(Outcome.Denied.class, call(MINJI_CALLER, "storage.acl",
                Map.of("action", "show", "location", "lake", "path", "members/minji/")));
        var notAdls = assertInstanceOf(Outcome.Invalid.class, call(INSTRUCTOR, "storage.acl",
                Map.of("action", "show", "location", "data")));
        assertTrue(notAdls.text().contains("ADLS"), notAdls.text());
        assertInstanceOf(Outcome.Invalid.class, call(INSTRUCTOR, "storage.acl",
                Map.of("action", "show", "location", "lake", "path", "members/../x")));
        assertInstanceOf(Outcome.Invalid.class, call(INSTRUCTOR, "storage.acl",
                Map.of("action", "show", "location", "nowhere")));
        var noId = assertInstanceOf(Outcome.Invalid.class, call(new Caller("inst", "Inst", Role.INSTRUCTOR, Caller.Lang.KO, "console"),
                "storage.acl", Map.of("action", "grant", "location", "lake", "member", "jisoo")));
        assertTrue(noId.text().contains("개체 ID"), noId.text());
        var noMember = assertInstanceOf(Outcome.Invalid.class, call(INSTRUCTOR, "storage.acl",
                Map.of("action", "revoke", "location", "lake")));
        assertTrue(noMember.text().contains("member:"), noMember.text());
        assertEquals(List.of(), dfs.calls(), "nothing reached ADLS");
        assertEquals(6, app.audit.list(null, "storage.acl", 20).size(), "refusals are audited too");
    }

    @Test
    void should_plan_the_setup_without_making_anything() {
        var plan = assertInstanceOf(Outcome.Done.class, call(INSTRUCTOR, "storage.adls-setup",
                Map.of("location", "lake", "plan", "true")));

        assertTrue(plan.text().contains("members/minji/"), plan.text());
        assertTrue(plan.text().contains("user:" + MINJI + ":rwx"), plan.text());
        assertTrue(plan.text().contains("members/jisoo/"), plan.text());
        assertTrue(plan.text().contains("course-rg"), plan.text());
        assertTrue(plan.command().contains("--hns true"), plan.command());
        assertEquals(List.of(), dfs.calls());
        assertEquals(List.of(), arm.calls());
    }

    @Test
    void should_set_up_the_account_filesystem_and_member_folders_after_confirmation() {
        Outcome asked = call(INSTRUCTOR, "storage.adls-setup", Map.of("location", "lake"));
        var confirm = assertInstanceOf(Outcome.NeedsConfirmation.class, asked);
        assertEquals(List.of(), arm.calls(), "nothing before the confirmation");

        var done = assertInstanceOf(Outcome.Done.class, app.gateway.confirm(INSTRUCTOR, confirm.code(), Origin.CONSOLE, Progress.NONE));

        var put = arm.calls("PUT", "/providers/Microsoft.Storage/storageAccounts/" + FakeDfs.ACCOUNT);
        assertEquals(1, put.size(), arm.calls().toString());
        assertTrue(put.get(0).body().contains("\"isHnsEnabled\":true"), put.get(0).body());
        assertTrue(put.get(0).body().contains("StorageV2"), put.get(0).body());
        assertTrue(dfs.hasFilesystem("course"));
        assertEquals(MINJI, dfs.owner("course", "members/minji"));
        assertTrue(dfs.acl("course", "members/minji").containsAll(List.of("user:" + MINJI + ":rwx", "group:" + GROUP + ":r-x",
                "other::---", "default:user:" + MINJI + ":rwx", "default:group:" + GROUP + ":r-x")), dfs.acl("course", "members/minji").toString());
        assertTrue(dfs.acl("course", "members/jisoo").stream().noneMatch(e -> e.startsWith("user:") && !e.startsWith("user::")));
        assertTrue(dfs.acl("course", "").contains("other::--x"), dfs.acl("course", "").toString());
        assertTrue(dfs.acl("course", "shared").contains("default:other::r-x"));
        assertTrue(done.text().contains("jisoo"), done.text());
        // a file minji's notebook writes later inherits her access and the instructors' read access
        dfs.make("course", "members/minji/model.pkl", false, 1);
        assertTrue(dfs.acl("course", "members/minji/model.pkl").containsAll(List.of("user:" + MINJI + ":rwx", "group:" + GROUP + ":r-x")));

        // run again: idempotent, no second account
        Outcome again = call(INSTRUCTOR, "storage.adls-setup", Map.of("location", "lake"));
        assertInstanceOf(Outcome.Done.class, app.gateway.confirm(INSTRUCTOR,
                ((Outcome.NeedsConfirmation) again).code(), Origin.CONSOLE, Progress.NONE));
        assertEquals(1, arm.calls("PUT", "/providers/Microsoft.Storage/storageAccounts/").size());
    }

    @Test
    void should_list_the_lake_through_storage_list_showing_a_learner_only_shared_and_her_own_folder() {
        dfs.filesystem("course");
        dfs.make("course", "shared/intro.csv", false, 10);
        dfs.make("course", "members/minji/a.csv", false, 3);
        dfs.make("course", "members/jisoo/b.csv", false, 4);

        var all = assertInstanceOf(Outcome.Done.class, call(INSTRUCTOR, "storage.list", Map.of("location", "lake", "path", "members/")));
        assertTrue(all.text().contains("minji/") && all.text().contains("jisoo/"), all.text());
        var mine = assertInstanceOf(Outcome.Done.class, call(MINJI_CALLER, "storage.list", Map.of("location", "lake", "path", "members/")));
        assertTrue(mine.text().contains("minji/") && !mine.text().contains("jisoo/"), mine.text());
        var file = assertInstanceOf(Outcome.Done.class, call(MINJI_CALLER, "storage.list", Map.of("location", "lake", "path", "members/minji/")));
        assertTrue(file.text().contains("a.csv"), file.text());
        assertInstanceOf(Outcome.Denied.class, call(MINJI_CALLER, "storage.list", Map.of("location", "lake", "path", "members/jisoo/")));
    }

    @Test
    void should_revoke_a_leaving_member_everywhere_for_account_revoke() {
        dfs.filesystem("course");
        dfs.make("course", "members/minji/a.csv", false, 3);
        call(INSTRUCTOR, "storage.acl", Map.of("action", "grant", "location", "lake", "path", "members/minji/", "member", "minji"));

        var revoked = app.adls.access().revokeEverywhere("minji");

        assertEquals(1, revoked.size());
        assertTrue(revoked.get(0).done(), revoked.get(0).text());
        assertTrue(dfs.acl("course", "members/minji/a.csv").stream().noneMatch(e -> e.contains(MINJI)));
    }
}
