package dev.labhand.vm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labhand.audit.AuditRow;
import dev.labhand.store.HostRecord;
import dev.labhand.vm.aws.AwsVmProvider;
import dev.labhand.vm.aws.FakeEc2;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The vm.* and host.* tools from the console, with the real EC2 client against a loopback EC2: an
 * instructor plans, creates, stops, starts and deletes a spot VM; bad input never reaches EC2; learners
 * are refused; an eviction and an idle VM are noticed and told.
 */
class AwsVmToolsTest {
    private FakeEc2 ec2;
    private VmTestBed bed;

    @BeforeEach
    void start(@TempDir Path dir) throws Exception {
        ec2 = new FakeEc2(1);
        URI endpoint = ec2.endpoint();
        // clients as Labhand builds them: time limits on every call, throttling left to Labhand
        AwsVmProvider aws = new AwsVmProvider(region -> AwsVmProvider.client(region, endpoint,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")),
                Duration.ofSeconds(5), Duration.ofSeconds(15)), null, Duration.ofMillis(5), Duration.ofSeconds(10));
        bed = new VmTestBed(dir, List.of(aws));
    }

    @AfterEach
    void stop() {
        bed.close();
        ec2.close();
    }

    @Test
    void should_plan_without_calling_ec2_and_show_the_cost_and_the_aws_command() {
        String out = bed.console(VmTestBed.INSTRUCTOR, "/vm create provider:aws name:gpu1 plan:true");

        assertThat(out).contains("Plan for VM 'gpu1' on aws (nothing was created)")
                .contains("g4dn.xlarge").contains("spot $0.216/h").contains("aws ec2 run-instances")
                .contains("MarketType=spot").doesNotContain("/confirm");
        assertThat(ec2.calls()).isEmpty();
        assertThat(bed.app.hosts.all()).isEmpty();
    }

    @Test
    void should_create_stop_start_and_delete_a_spot_vm_with_confirmations() {
        // create: a confirmation, then the real RunInstances with spot options
        String created = bed.confirmed(VmTestBed.INSTRUCTOR,
                "/vm create provider:aws name:gpu1 region:ap-northeast-2 max-price:0.3 key:\"" + bed.adminKey + "\"");
        assertThat(created).contains("It costs money while it runs").contains("VM 'gpu1' is running on aws (g4dn.xlarge, ap-northeast-2, spot)");
        FakeEc2.Call run = ec2.last("RunInstances");
        assertThat(run.get("InstanceMarketOptions.MarketType")).isEqualTo("spot");
        assertThat(run.get("InstanceMarketOptions.SpotOptions.MaxPrice")).isEqualTo("0.3");
        assertThat(run.get("InstanceType")).isEqualTo("g4dn.xlarge");
        String instanceId = ec2.liveInstances().get(0).id();
        HostRecord host = bed.app.hosts.byName("gpu1").orElseThrow();
        assertThat(host.state()).isEqualTo("running");
        assertThat(host.ids()).containsEntry("instanceId", instanceId);
        assertThat(host.ownerId()).isEqualTo("inst");

        // list and status
        assertThat(bed.console(VmTestBed.INSTRUCTOR, "/vm list")).contains("gpu1 [aws g4dn.xlarge spot ap-northeast-2]: running");
        assertThat(bed.console(VmTestBed.INSTRUCTOR, "/vm status name:gpu1"))
                .contains("running").contains("host key not recorded yet")
                .contains("aws ec2 describe-instances");

        // stop: no confirmation; says what is still billed
        assertThat(bed.console(VmTestBed.INSTRUCTOR, "/vm stop name:gpu1"))
                .contains("VM 'gpu1' is stopped").contains("EBS disk").contains("aws ec2 stop-instances");
        assertThat(ec2.liveInstances().get(0).state()).isEqualTo("stopped");

        // start: costs money again, so confirmed
        assertThat(bed.confirmed(VmTestBed.INSTRUCTOR, "/vm start name:gpu1")).contains("VM 'gpu1' is running again.");
        assertThat(ec2.liveInstances().get(0).state()).isEqualTo("running");

        // delete: destructive, confirmed; everything made for it is gone
        assertThat(bed.confirmed(VmTestBed.INSTRUCTOR, "/vm delete name:gpu1")).contains("VM 'gpu1' and everything made with it are deleted.");
        assertThat(ec2.liveInstances()).isEmpty();
        assertThat(ec2.groups()).isEmpty();
        assertThat(ec2.keyPairs()).isEmpty();
        assertThat(bed.app.hosts.byName("gpu1")).isEmpty();

        // every step is in the audit log, from the console
        List<String> tools = bed.app.audit.list("inst", null, 50).stream()
                .filter(r -> r.outcome().equals("done")).map(AuditRow::tool).toList();
        assertThat(tools).contains("vm.create", "vm.list", "vm.status", "vm.stop", "vm.start", "vm.delete");
    }

    @Test
    void should_stop_a_vm_asked_in_plain_korean_through_the_offline_router() {
        bed.confirmed(VmTestBed.INSTRUCTOR, "/vm create provider:aws name:gpu1 key:\"" + bed.adminKey + "\"");
        var korean = new dev.labhand.tool.Caller("inst", "inst", dev.labhand.tool.Role.INSTRUCTOR,
                dev.labhand.tool.Caller.Lang.KO, "console");

        String out = bed.console(korean, "수업 끝났으니 gpu1 VM 좀 꺼 주세요");

        assertThat(out).contains("VM 'gpu1'을(를) 멈췄습니다").contains("EBS");
        assertThat(ec2.liveInstances().get(0).state()).isEqualTo("stopped");
        assertThat(bed.app.audit.list("inst", "vm.stop", 1).get(0).origin()).isEqualTo("router");
    }

    @Test
    void should_refuse_bad_input_before_any_call_to_ec2() {
        String wrongType = "ssh-ed25519 AAAAB3NzaC1yc2EAAAADAQABAAABAQDf8kJ2";
        String out = bed.console(VmTestBed.INSTRUCTOR,
                "/vm create provider:aws name:gpu1 size:p5.48xlarge key:\"" + bed.adminKey + "\"",
                "/vm create provider:aws name:gpu1 region:mars-north-1 key:\"" + bed.adminKey + "\"",
                "/vm create provider:aws name:gpu1 key:\"" + wrongType + "\"",
                "/vm create provider:aws name:gpu1 spot:false max-price:0.2 key:\"" + bed.adminKey + "\"",
                "/vm create provider:aws name:gpu1 max-price:9.5 key:\"" + bed.adminKey + "\"",
                "/vm create provider:aws name:gpu1",
                "/vm create provider:aws name:Bad_Name key:\"" + bed.adminKey + "\"");

        assertThat(out).contains("Size 'p5.48xlarge' is not in the aws table")
                .contains("Region 'mars-north-1' is not in the aws table")
                .contains("That SSH public key is not valid")
                .contains("max-price applies only to spot VMs")
                .contains("above the on-demand price")
                .contains("Give the admin's SSH public key");
        assertThat(out.lines().filter(l -> l.contains("/confirm")).toList()).isEmpty();
        assertThat(ec2.calls()).isEmpty();
        assertThat(bed.app.hosts.all()).isEmpty();
    }

    @Test
    void should_let_learners_see_prices_but_not_create_vms() {
        String out = bed.console(VmTestBed.LEARNER, "/vm cost provider:aws size:g4dn.xlarge hours:60",
                "/vm create provider:aws name:gpu1 plan:true");

        assertThat(out).contains("스팟 $0.216/h ≈ 60시간에 $12.96").contains("온디맨드 $0.647/h");
        assertThat(out).contains("vm.create").contains("강사");
        assertThat(ec2.calls()).isEmpty();
        assertThat(bed.app.audit.list("minji", "vm.create", 5)).extracting(AuditRow::outcome).containsExactly("denied");
    }

    @Test
    void should_notice_a_spot_eviction_and_tell_the_owner_and_the_hosts_learners() {
        bed.confirmed(VmTestBed.INSTRUCTOR, "/vm create provider:aws name:gpu1 key:\"" + bed.adminKey + "\"");
        bed.console(VmTestBed.INSTRUCTOR, "/host assign name:gpu1 member:minji");
        bed.console(VmTestBed.LEARNER, "/host list"); // minji has been seen, with her Korean client
        ec2.evict(ec2.liveInstances().get(0).id(), "Server.SpotInstanceShutdown");

        String out = bed.console(VmTestBed.INSTRUCTOR, "/vm status name:gpu1");

        assertThat(out).contains("stopped (evicted by the cloud)").contains("The cloud took this spot VM back");
        assertThat(bed.notices).hasSize(2);
        assertThat(bed.notices.get(0)).startsWith("inst: Spot VM 'gpu1' on aws was evicted");
        assertThat(bed.notices.get(1)).startsWith("minji: ").contains("회수");
        // a second look does not tell them again
        bed.console(VmTestBed.INSTRUCTOR, "/vm status name:gpu1");
        assertThat(bed.notices).hasSize(2);
    }

    @Test
    void should_warn_then_stop_an_idle_vm_through_the_gateway() {
        bed.confirmed(VmTestBed.INSTRUCTOR, "/vm create provider:aws name:gpu1 key:\"" + bed.adminKey + "\"");

        bed.app.idleWatcher.tick(); // idle from now
        bed.clock.advance(Duration.ofMinutes(49));
        bed.app.idleWatcher.tick();
        assertThat(bed.notices).isEmpty();
        bed.clock.advance(Duration.ofMinutes(2));
        bed.app.idleWatcher.tick();
        assertThat(bed.notices).singleElement().asString().contains("will be deallocated in about 10 min");
        bed.clock.advance(Duration.ofMinutes(10));
        bed.app.idleWatcher.tick();

        assertThat(ec2.liveInstances().get(0).state()).isEqualTo("stopped");
        assertThat(bed.notices).hasSize(2).last().asString().contains("was stopped to save money");
        HostRecord h = bed.app.hosts.byName("gpu1").orElseThrow();
        assertThat(h.state()).isEqualTo("stopped");
        assertThat(h.stateReason()).isEqualTo("idle");
        AuditRow stop = bed.app.audit.list("labhand", "vm.deallocate", 5).get(0);
        assertThat(stop.origin()).isEqualTo("system");
        assertThat(stop.outcome()).isEqualTo("done");
    }

    @Test
    void should_notice_a_vm_started_outside_labhand_and_keep_it_on_the_idle_clock() {
        bed.confirmed(VmTestBed.INSTRUCTOR, "/vm create provider:aws name:gpu1 key:\"" + bed.adminKey + "\"");
        bed.console(VmTestBed.INSTRUCTOR, "/vm stop name:gpu1");
        ec2.startOutside(ec2.liveInstances().get(0).id()); // someone starts it in the AWS console

        bed.app.idleWatcher.tick();
        bed.clock.advance(Duration.ofMinutes(61));
        bed.app.idleWatcher.tick(); // a late check: it warns first, the stop waits for the warning time
        assertThat(bed.notices).singleElement().asString().contains("in about 10 min");
        assertThat(ec2.liveInstances().get(0).state()).isEqualTo("running");
        bed.clock.advance(Duration.ofMinutes(10));
        bed.app.idleWatcher.tick();

        assertThat(bed.app.hosts.byName("gpu1").orElseThrow().stateReason()).isEqualTo("idle");
        assertThat(ec2.liveInstances().get(0).state()).isEqualTo("stopped");
    }

    @Test
    void should_let_a_workspace_go_when_its_vm_was_deleted_in_the_cloud() {
        bed.confirmed(VmTestBed.INSTRUCTOR, "/vm create provider:aws name:gpu1 key:\"" + bed.adminKey + "\"");
        var now = bed.clock.instant();
        bed.app.workspaces.insert(new dev.labhand.store.WorkspaceRecord("ws-gone", "on-gpu1", "minji", "busybox-cpu",
                "gpu1", "c0ffee", dev.labhand.store.WorkspaceRecord.Status.RUNNING, java.util.Map.of(), null, now, now));
        ec2.terminateOutside(ec2.liveInstances().get(0).id()); // someone deletes it in the AWS console

        assertThat(bed.console(VmTestBed.INSTRUCTOR, "/vm status name:gpu1")).contains("deleted");
        String removed = bed.confirmed(VmTestBed.INSTRUCTOR, "/workspace remove name:on-gpu1");

        assertThat(removed).contains("Workspace 'on-gpu1' removed");
        assertThat(bed.app.workspaces.byName("on-gpu1")).isEmpty();
    }

    @Test
    void should_let_a_learner_use_a_host_only_once_assigned() {
        bed.console(VmTestBed.INSTRUCTOR, "/host add name:lab1 address:127.0.0.1 port:9 host-key:\"" + bed.adminKey + "\"");

        String before = bed.console(VmTestBed.LEARNER, "/host status name:lab1");
        bed.console(VmTestBed.INSTRUCTOR, "/host assign name:lab1 member:minji");
        String after = bed.console(VmTestBed.LEARNER, "/host list", "/host status name:lab1");

        assertThat(before).contains("배정되지 않았습니다");
        assertThat(after).contains("lab1 [ssh").contains("Docker"); // nothing listens on port 9: not reachable, but she may ask
        assertThat(bed.app.audit.list("minji", "host.status", 5)).extracting(AuditRow::outcome)
                .containsExactly("done", "started", "denied");
    }

    @Test
    void should_let_a_failed_create_that_left_a_group_behind_be_seen_and_deleted() {
        ec2.failNext("RunInstances", "InvalidParameterValue", 400, 1);
        ec2.failNext("DeleteSecurityGroup", "UnauthorizedOperation", 403, 1);

        String created = bed.confirmed(VmTestBed.INSTRUCTOR, "/vm create provider:aws name:gpu1 key:\"" + bed.adminKey + "\"");

        String groupId = ec2.groups().keySet().iterator().next();
        assertThat(created).contains("could not be removed and still cost money: security group " + groupId)
                .contains("Removed: key pair labhand-gpu1").contains("/vm delete name:gpu1");
        HostRecord record = bed.app.hosts.byName("gpu1").orElseThrow();
        assertThat(record.ids()).containsOnlyKeys("requestId");
        assertThat(ec2.groups().get(groupId).tags()).containsEntry("labhand-request", record.ids().get("requestId"));

        assertThat(bed.console(VmTestBed.INSTRUCTOR, "/vm status name:gpu1"))
                .contains("found in the cloud by its tags: security group " + groupId)
                .contains("aws ec2 describe-security-groups").doesNotContain("Something went wrong");
        assertThat(bed.console(VmTestBed.INSTRUCTOR, "/host remove name:gpu1")).contains("/vm delete name:gpu1");

        String deleted = bed.confirmed(VmTestBed.INSTRUCTOR, "/vm delete name:gpu1");

        assertThat(deleted).contains("never made in the cloud").doesNotContain("Something went wrong");
        assertThat(ec2.groups()).isEmpty();
        assertThat(bed.app.hosts.byName("gpu1")).isEmpty();
    }

    @Test
    void should_answer_truthfully_for_a_record_without_any_cloud_id_and_let_it_be_deleted() {
        var now = bed.clock.instant();
        // what a create cut short before this change left: a record with no ids at all
        bed.app.hosts.insert(new HostRecord("gpu2", "aws", "inst", "us-east-1", "g4dn.xlarge", true, java.util.Map.of(),
                null, 22, "labhand", null, "provisioning", null, null, null, now, now));

        assertThat(bed.console(VmTestBed.INSTRUCTOR, "/vm status name:gpu2"))
                .contains("nothing in the cloud is known to belong to it").doesNotContain("Something went wrong");
        assertThat(bed.console(VmTestBed.INSTRUCTOR, "/vm stop name:gpu2")).contains("was never made in the cloud")
                .doesNotContain("Something went wrong");
        bed.app.idleWatcher.tick(); // the idle watcher passes over it instead of failing on it

        assertThat(bed.confirmed(VmTestBed.INSTRUCTOR, "/vm delete name:gpu2")).contains("never made in the cloud");
        assertThat(bed.app.hosts.byName("gpu2")).isEmpty();
    }

    @Test
    void should_answer_a_long_throttle_at_once_with_how_long_to_wait() {
        ec2.throttle("RunInstances", 100, 120);

        long started = System.nanoTime();
        String out = bed.confirmed(VmTestBed.INSTRUCTOR, "/vm create provider:aws name:gpu1 key:\"" + bed.adminKey + "\"");

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
        assertThat(out).contains("asked to wait 120 s").contains("EC2 RunInstances: RequestLimitExceeded")
                .contains("Everything made for it was removed again").contains("Removed: ");
        assertThat(bed.app.hosts.byName("gpu1")).isEmpty();
        assertThat(ec2.groups()).isEmpty();
    }
}
