package dev.labhand.vm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labhand.audit.AuditRow;
import dev.labhand.store.HostRecord;
import dev.labhand.vm.azure.AzureVmProvider;
import dev.labhand.vm.azure.FakeArm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The vm.* tools from the console with the real azure-resourcemanager client against a loopback ARM:
 * plan, create, stop (still billed), deallocate, start and delete; a failing create that leaves nothing;
 * an Azure spot VM found deallocated without Labhand asking is an eviction.
 */
class AzureVmToolsTest {
    private FakeArm arm;
    private VmTestBed bed;

    @BeforeEach
    void start(@TempDir Path dir) {
        arm = FakeArm.start();
        bed = new VmTestBed(dir, List.of(arm.provider(Duration.ofMillis(5))));
    }

    @AfterEach
    void stop() {
        bed.close();
        arm.close();
        assertThat(arm.unexpected()).isEmpty();
    }

    @Test
    void should_plan_create_stop_deallocate_start_and_delete_a_vm() {
        String plan = bed.console(VmTestBed.INSTRUCTOR, "/vm create provider:azure name:gpu1 plan:true");
        assertThat(plan).contains("Plan for VM 'gpu1' on azure").contains("labhand-gpu1")
                .contains("Standard_NC4as_T4_v3").contains("az vm create").contains("--priority Spot");
        assertThat(arm.calls()).isEmpty();

        String created = bed.confirmed(VmTestBed.INSTRUCTOR,
                "/vm create provider:azure name:gpu1 max-price:0.2 disk:64 key:\"" + bed.adminKey + "\"");
        assertThat(created).contains("It costs money while it runs")
                .contains("VM 'gpu1' is running on azure (Standard_NC4as_T4_v3, koreacentral, spot)");
        assertThat(arm.resourceIds()).anyMatch(id -> id.toLowerCase().endsWith("/virtualmachines/gpu1"));
        HostRecord h = bed.app.hosts.byName("gpu1").orElseThrow();
        assertThat(h.ids()).containsEntry("resourceGroup", "labhand-gpu1");
        assertThat(h.address()).startsWith("127.0.1.");

        assertThat(bed.console(VmTestBed.INSTRUCTOR, "/vm stop name:gpu1"))
                .contains("VM 'gpu1' is stopped").contains("Azure still bills the compute").contains("az vm stop");
        assertThat(bed.console(VmTestBed.INSTRUCTOR, "/vm status name:gpu1")).contains("gpu1").contains(": stopped");
        assertThat(bed.console(VmTestBed.INSTRUCTOR, "/vm deallocate name:gpu1"))
                .contains("deallocated").contains("compute is no longer billed").contains("az vm deallocate");
        assertThat(bed.confirmed(VmTestBed.INSTRUCTOR, "/vm start name:gpu1")).contains("VM 'gpu1' is running again.");
        assertThat(bed.console(VmTestBed.INSTRUCTOR, "/vm status name:gpu1")).contains(": running");
        assertThat(bed.confirmed(VmTestBed.INSTRUCTOR, "/vm delete name:gpu1"))
                .contains("VM 'gpu1' and everything made with it are deleted").contains("az group delete");
        assertThat(arm.resourceIds()).isEmpty();
        assertThat(bed.app.hosts.all()).isEmpty();
        assertThat(bed.notices).isEmpty(); // nothing here was an eviction
    }

    @Test
    void should_refuse_an_unknown_size_or_region_and_a_malformed_key_before_calling_arm() {
        String out = bed.console(VmTestBed.INSTRUCTOR,
                "/vm create provider:azure name:gpu1 size:Standard_ND96asr_v4 key:\"" + bed.adminKey + "\"",
                "/vm create provider:azure name:gpu1 region:moon key:\"" + bed.adminKey + "\"",
                "/vm create provider:azure name:gpu1 key:\"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAAA\"");

        assertThat(out).contains("Size 'Standard_ND96asr_v4' is not in the azure table")
                .contains("Region 'moon' is not in the azure table").contains("That SSH public key is not valid")
                .doesNotContain("/confirm");
        assertThat(arm.calls()).isEmpty();
    }

    @Test
    void should_report_a_failed_create_clearly_and_leave_nothing_behind() {
        arm.fail("PUT", "/virtualMachines/gpu1$", 500, "InternalServerError");

        String out = bed.confirmed(VmTestBed.INSTRUCTOR, "/vm create provider:azure name:gpu1 key:\"" + bed.adminKey + "\"");

        assertThat(out).contains("Could not create VM 'gpu1': the cloud had an internal error")
                .contains("(InternalServerError)").contains("Everything made for it was removed again.");
        assertThat(arm.resourceIds()).isEmpty();
        assertThat(bed.app.hosts.all()).isEmpty();
        AuditRow row = bed.app.audit.list("inst", "vm.create", 5).get(0);
        assertThat(row.outcome()).isEqualTo("failed");
    }

    @Test
    void should_name_what_a_failed_create_could_not_remove() {
        arm.fail("PUT", "/virtualMachines/gpu1$", 500, "InternalServerError");
        arm.fail("DELETE", "/resourcegroups/labhand-gpu1$", 500, "InternalServerError");

        String out = bed.confirmed(VmTestBed.INSTRUCTOR, "/vm create provider:azure name:gpu1 key:\"" + bed.adminKey + "\"");

        assertThat(out).contains("These could not be removed and still cost money: resource group labhand-gpu1");
        HostRecord h = bed.app.hosts.byName("gpu1").orElseThrow();
        assertThat(h.stateReason()).isEqualTo("create-failed");
        assertThat(bed.console(VmTestBed.INSTRUCTOR, "/vm list")).contains("create failed, leftovers remain");
    }

    @Test
    void should_take_an_azure_spot_vm_found_deallocated_as_evicted() {
        bed.confirmed(VmTestBed.INSTRUCTOR, "/vm create provider:azure name:gpu1 key:\"" + bed.adminKey + "\"");
        arm.powerState("labhand-gpu1", "gpu1", "deallocated"); // what Azure shows after evicting with policy Deallocate

        bed.app.idleWatcher.tick(); // the periodic check notices it, nobody asked

        assertThat(bed.notices).singleElement().asString().startsWith("inst: Spot VM 'gpu1' on azure was evicted");
        assertThat(bed.app.hosts.byName("gpu1").orElseThrow().stateReason()).isEqualTo("evicted");
    }

    @Test
    void should_record_the_host_key_azure_reports_on_first_contact() {
        bed.confirmed(VmTestBed.INSTRUCTOR, "/vm create provider:azure name:gpu1 key:\"" + bed.adminKey + "\"");
        String hostKey = SshKeys.publicLine(SshKeys.generate(bed.dir, "vm_host_key"));
        arm.runCommandOutput("Enable succeeded:\n[stdout]\n" + hostKey + "\n[stderr]\n");

        String status = bed.console(VmTestBed.INSTRUCTOR, "/host status name:gpu1");

        String fingerprint = dev.labhand.ssh.SshPublicKey.parse(hostKey).fingerprint();
        assertThat(bed.app.hosts.byName("gpu1").orElseThrow().hostKey()).isEqualTo(dev.labhand.ssh.SshPublicKey.parse(hostKey).line());
        assertThat(status).contains("Docker"); // nothing listens at the VM's address: not reachable, but the key is recorded
        assertThat(bed.console(VmTestBed.INSTRUCTOR, "/vm status name:gpu1")).contains(fingerprint);
    }

    @Test
    void should_let_a_failed_create_whose_group_could_not_be_deleted_be_seen_and_deleted() {
        arm.fail("PUT", "/providers/Microsoft.Compute/virtualMachines/gpu1$", 500, "InternalServerError");
        arm.fail("DELETE", "/resourcegroups/labhand-gpu1$", 500, "InternalServerError");

        String created = bed.confirmed(VmTestBed.INSTRUCTOR, "/vm create provider:azure name:gpu1 key:\"" + bed.adminKey + "\"");

        assertThat(created).contains("could not be removed and still cost money: resource group labhand-gpu1");
        assertThat(bed.app.hosts.byName("gpu1").orElseThrow().ids()).containsOnlyKeys("requestId");
        arm.heal();
        assertThat(bed.console(VmTestBed.INSTRUCTOR, "/vm status name:gpu1"))
                .contains("found in the cloud by its tags: resource group labhand-gpu1").contains("az group show")
                .doesNotContain("Something went wrong");
        assertThat(bed.console(VmTestBed.INSTRUCTOR, "/host remove name:gpu1")).contains("/vm delete name:gpu1")
                .doesNotContain("/confirm");

        assertThat(bed.confirmed(VmTestBed.INSTRUCTOR, "/vm delete name:gpu1")).contains("never made in the cloud");

        assertThat(arm.resourceIds()).isEmpty();
        assertThat(bed.app.hosts.byName("gpu1")).isEmpty();
    }

    @Test
    void should_not_count_a_group_of_another_create_as_a_leftover() {
        arm.fail("PUT", "/providers/Microsoft.Compute/virtualMachines/gpu1$", 500, "InternalServerError");
        arm.fail("DELETE", "/resourcegroups/labhand-gpu1$", 500, "InternalServerError");
        bed.confirmed(VmTestBed.INSTRUCTOR, "/vm create provider:azure name:gpu1 key:\"" + bed.adminKey + "\"");
        arm.heal();
        var h = bed.app.hosts.byName("gpu1").orElseThrow();
        bed.app.hosts.update(h.withIds(java.util.Map.of("requestId", "someone-else")));

        assertThat(bed.console(VmTestBed.INSTRUCTOR, "/vm status name:gpu1"))
                .contains("nothing in the cloud is known to belong to it");
        assertThat(bed.confirmed(VmTestBed.INSTRUCTOR, "/vm delete name:gpu1")).contains("never made in the cloud");
        assertThat(arm.resourceIds()).as("the group that is not this record's stays").isNotEmpty();
    }
}
