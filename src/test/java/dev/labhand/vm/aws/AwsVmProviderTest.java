package dev.labhand.vm.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.labhand.vm.CloudFailure;
import dev.labhand.vm.CloudFailure.Kind;
import dev.labhand.vm.VmInfo;
import dev.labhand.vm.VmRef;
import dev.labhand.vm.VmRequest;
import dev.labhand.vm.VmState;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.Ec2ClientBuilder;

final class AwsVmProviderTest {
    private static final String ADMIN_KEY =
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBOyS3ckT3bbcqDxoxi7YGIIGzuW3h7EkVEv/zwuYiSX admin@laptop";
    private static final String HOST_ED25519 =
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEHbNQa/cCH/X5eOvh0Gc4Rbrn3TDwKyVPCQOUJd0mdY";
    private static final String HOST_ECDSA = "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBE"
            + "Jf/Y+qnyjRkowndcFIpsE6YhtiNqunV5u6yzuK5QZaJC09VSU9M4UfL5XiS0r8TLNiLhHQ06d7jnYowPMS7pw=";
    private static final String CLOUD_INIT = "#cloud-config\nusers:\n  - name: labhand\n    sudo: ALL=(ALL) NOPASSWD:ALL\n";
    private static final String REQUEST = "5f0c2a8e-0000-4000-8000-00000000c0de";
    private static final Map<String, String> TAGS = Map.of("course", "ml101", "owner", "alice", "managed-by", "labhand",
            VmRequest.REQUEST_TAG, REQUEST);
    private static final Map<String, String> TAGS_WITH_NAME = Map.of("course", "ml101", "owner", "alice",
            "managed-by", "labhand", "Name", "gpu1", VmRequest.REQUEST_TAG, REQUEST);

    private FakeEc2 fake;
    private Ec2Client client;
    private AwsVmProvider provider;
    private final List<String> progress = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        fake = new FakeEc2(2);
        client = client(fake.endpoint(), b -> b);
        provider = provider(client, null);
    }

    @AfterEach
    void stop() {
        client.close();
        fake.close();
    }

    @Test
    void should_create_a_persistent_spot_vm_that_admits_only_ssh_and_tags_everything() throws Exception {
        VmInfo vm = provider.create(request(true, 0.25, "198.51.100.0/24"), progress::add);

        assertThat(vm.state()).isEqualTo(VmState.RUNNING);
        assertThat(vm.publicIp()).startsWith("127.0.0.");
        assertThat(vm.spot()).isTrue();
        assertThat(vm.size()).isEqualTo("g4dn.xlarge");
        String instanceId = vm.ref().id("instanceId");
        String groupId = vm.ref().id("securityGroupId");
        assertThat(vm.ref().id("keyName")).isEqualTo("labhand-gpu1");

        FakeEc2.Call run = fake.last("RunInstances");
        assertThat(run.get("InstanceType")).isEqualTo("g4dn.xlarge");
        assertThat(run.get("ImageId")).isEqualTo(FakeEc2.NEWEST_UBUNTU);
        assertThat(run.get("KeyName")).isEqualTo("labhand-gpu1");
        assertThat(run.get("SecurityGroupId.1")).isEqualTo(groupId);
        assertThat(Base64.getDecoder().decode(run.get("UserData"))).asString(StandardCharsets.UTF_8).isEqualTo(CLOUD_INIT);
        assertThat(run.params()).containsEntry("BlockDeviceMapping.1.DeviceName", "/dev/sda1")
                .containsEntry("BlockDeviceMapping.1.Ebs.VolumeSize", "100")
                .containsEntry("BlockDeviceMapping.1.Ebs.VolumeType", "gp3")
                .containsEntry("BlockDeviceMapping.1.Ebs.DeleteOnTermination", "true")
                .containsEntry("InstanceMarketOptions.MarketType", "spot")
                .containsEntry("InstanceMarketOptions.SpotOptions.MaxPrice", "0.25")
                .containsEntry("InstanceMarketOptions.SpotOptions.SpotInstanceType", "persistent")
                .containsEntry("InstanceMarketOptions.SpotOptions.InstanceInterruptionBehavior", "stop");
        assertThat(fake.instance(instanceId).tags).containsEntry("instance", TAGS_WITH_NAME)
                .containsEntry("volume", TAGS_WITH_NAME);

        FakeEc2.Group group = fake.groups().get(groupId);
        assertThat(group.name).isEqualTo("labhand-gpu1");
        assertThat(group.vpcId).isEqualTo(FakeEc2.DEFAULT_VPC);
        assertThat(group.ingress).containsExactly("tcp 22-22 198.51.100.0/24");
        assertThat(group.tags).isEqualTo(TAGS_WITH_NAME);
        FakeEc2.KeyPair key = fake.keyPairs().get("labhand-gpu1");
        assertThat(key.material()).isEqualTo(ADMIN_KEY);
        assertThat(key.tags()).isEqualTo(TAGS_WITH_NAME);

        assertThat(progress).contains("+ key pair labhand-gpu1", "+ instance " + instanceId + " (pending)",
                "~ instance " + instanceId + " running");
    }

    @Test
    void should_create_an_on_demand_vm_from_the_configured_image_open_to_anywhere() throws Exception {
        provider = provider(client, "ami-0course");

        VmInfo vm = provider.create(request(false, null, "*"), progress::add);

        FakeEc2.Call run = fake.last("RunInstances");
        assertThat(run.params().keySet()).noneMatch(k -> k.startsWith("InstanceMarketOptions"));
        assertThat(run.get("ImageId")).isEqualTo("ami-0course");
        assertThat(fake.calls("DescribeImages")).isEmpty();
        assertThat(fake.groups().get(vm.ref().id("securityGroupId")).ingress).containsExactly("tcp 22-22 0.0.0.0/0");
        assertThat(vm.spot()).isFalse();
        assertThat(vm.state()).isEqualTo(VmState.RUNNING);
    }

    @Test
    void should_leave_the_spot_price_cap_out_when_none_is_given() throws Exception {
        provider.create(request(true, null, "203.0.113.7"), progress::add);

        FakeEc2.Call run = fake.last("RunInstances");
        assertThat(run.params()).containsEntry("InstanceMarketOptions.MarketType", "spot")
                .doesNotContainKey("InstanceMarketOptions.SpotOptions.MaxPrice");
        assertThat(fake.groups().values()).singleElement().satisfies(g -> assertThat(g.ingress)
                .containsExactly("tcp 22-22 203.0.113.7/32"));
    }

    @Test
    void should_admit_ssh_from_an_ipv6_range_as_an_ipv6_rule() throws Exception {
        provider.create(request(false, null, "2001:db8:7::/48"), progress::add);

        assertThat(fake.last("AuthorizeSecurityGroupIngress").params())
                .containsEntry("IpPermissions.1.Ipv6Ranges.1.CidrIpv6", "2001:db8:7::/48")
                .doesNotContainKey("IpPermissions.1.IpRanges.1.CidrIp");
        assertThat(fake.groups().values()).singleElement().satisfies(g -> assertThat(g.ingress)
                .containsExactly("tcp 22-22 2001:db8:7::/48"));
    }

    @Test
    void should_report_status_and_stop_and_start_the_vm() throws Exception {
        VmRef ref = provider.create(request(false, null, "*"), progress::add).ref();

        VmInfo running = provider.status(ref);
        assertThat(running.state()).isEqualTo(VmState.RUNNING);
        assertThat(running.publicIp()).isNotNull();
        assertThat(fake.last("DescribeInstances").get("InstanceId.1")).isEqualTo(ref.id("instanceId"));

        provider.stop(ref, progress::add);
        VmInfo stopped = provider.status(ref);
        assertThat(stopped.state()).isEqualTo(VmState.STOPPED);
        assertThat(stopped.publicIp()).isNull();
        assertThat(stopped.evicted()).isFalse();

        provider.start(ref, progress::add);
        assertThat(provider.status(ref).state()).isEqualTo(VmState.RUNNING);
        assertThat(fake.calls("StopInstances")).hasSize(1);
        assertThat(fake.calls("StartInstances")).hasSize(1);
    }

    @Test
    void should_deallocate_by_stopping_because_a_stopped_instance_releases_its_compute() throws Exception {
        VmRef ref = provider.create(request(false, null, "*"), progress::add).ref();

        provider.deallocate(ref, progress::add);

        assertThat(provider.status(ref).state()).isEqualTo(VmState.STOPPED);
    }

    @Test
    void should_delete_the_instance_group_and_key_and_accept_deleting_twice() throws Exception {
        VmRef ref = provider.create(request(false, null, "*"), progress::add).ref();

        provider.delete(ref, progress::add);

        assertThat(fake.liveInstances()).isEmpty();
        assertThat(fake.groups()).isEmpty();
        assertThat(fake.keyPairs()).isEmpty();
        assertThat(provider.status(ref).state()).isEqualTo(VmState.DELETED);
        assertThat(progress).contains("- instance " + ref.id("instanceId"), "- security group " + ref.id("securityGroupId"),
                "- key pair labhand-gpu1");

        provider.delete(ref, progress::add);
        assertThat(fake.calls("TerminateInstances")).hasSize(1);
    }

    @Test
    void should_report_an_instance_ec2_does_not_know_as_deleted() {
        VmRef ref = unknownVm("us-east-1");

        assertThat(provider.status(ref).state()).isEqualTo(VmState.DELETED);
    }

    @Test
    void should_cancel_the_persistent_spot_request_before_terminating_so_no_replacement_starts() throws Exception {
        VmRef ref = provider.create(request(true, 0.25, "*"), progress::add).ref();

        provider.delete(ref, progress::add);

        List<String> actions = fake.calls().stream().map(FakeEc2.Call::action).toList();
        assertThat(actions.indexOf("CancelSpotInstanceRequests")).isNotNegative()
                .isLessThan(actions.indexOf("TerminateInstances"));
        assertThat(fake.liveInstances()).isEmpty();
    }

    @Test
    void should_retry_deleting_the_security_group_while_ec2_still_sees_it_in_use() throws Exception {
        VmRef ref = provider.create(request(false, null, "*"), progress::add).ref();
        fake.failNext("DeleteSecurityGroup", "DependencyViolation", 400, 2);

        provider.delete(ref, progress::add);

        assertThat(fake.calls("DeleteSecurityGroup")).hasSize(3);
        assertThat(fake.groups()).isEmpty();
        // the member is told once why the delete waits, not left with silence
        assertThat(progress).filteredOn(l -> l.contains("is still held by the ended instance's network interface"))
                .hasSize(1);
    }

    @Test
    void should_fail_with_quota_and_remove_what_it_made_when_capacity_is_short() {
        fake.failNext("RunInstances", "InsufficientInstanceCapacity", 500, 10);

        CloudFailure failure = catchThrowableOfType(CloudFailure.class,
                () -> provider.create(request(true, 0.25, "*"), progress::add));

        assertThat(failure.kind()).isEqualTo(Kind.QUOTA);
        assertThat(failure.code()).isEqualTo("InsufficientInstanceCapacity");
        assertThat(failure.getMessage()).isEqualTo("QUOTA InsufficientInstanceCapacity").doesNotContain("injected");
        assertThat(failure.leftBehind()).isEmpty();
        assertThat(fake.calls("RunInstances")).as("the SDK retries a 5xx itself").hasSizeGreaterThan(1);
        assertThat(fake.groups()).isEmpty();
        assertThat(fake.keyPairs()).isEmpty();
        assertThat(fake.liveInstances()).isEmpty();
    }

    @Test
    void should_name_what_a_failed_clean_up_left_behind() {
        fake.failNext("RunInstances", "InvalidParameterValue", 400, 1);
        fake.failNext("DeleteSecurityGroup", "UnauthorizedOperation", 403, 1);

        CloudFailure failure = catchThrowableOfType(CloudFailure.class,
                () -> provider.create(request(false, null, "*"), progress::add));

        assertThat(failure.kind()).isEqualTo(Kind.INVALID);
        assertThat(failure.code()).isEqualTo("InvalidParameterValue");
        String groupId = fake.groups().keySet().iterator().next();
        assertThat(failure.leftBehind()).containsExactly("security group " + groupId);
        assertThat(fake.keyPairs()).as("the key pair is still removed").isEmpty();
    }

    @Test
    void should_remove_everything_when_the_instance_never_reaches_running() {
        provider = new AwsVmProvider(r -> client, null, Duration.ofMillis(5), Duration.ofMillis(300));
        fake.keepPending();

        CloudFailure failure = catchThrowableOfType(CloudFailure.class,
                () -> provider.create(request(true, null, "*"), progress::add));

        assertThat(failure.kind()).isEqualTo(Kind.SERVER);
        assertThat(failure.code()).isEqualTo("WaitTimeout");
        assertThat(failure.leftBehind()).isEmpty();
        assertThat(fake.calls("CancelSpotInstanceRequests")).hasSize(1);
        assertThat(fake.liveInstances()).isEmpty();
        assertThat(fake.groups()).isEmpty();
        assertThat(fake.keyPairs()).isEmpty();
    }

    @Test
    void should_fail_with_the_state_reason_when_the_launch_ends_terminated() {
        fake.launchesFail("Server.InsufficientInstanceCapacity");

        CloudFailure failure = catchThrowableOfType(CloudFailure.class,
                () -> provider.create(request(true, 0.25, "*"), progress::add));

        assertThat(failure.kind()).isEqualTo(Kind.QUOTA);
        assertThat(failure.code()).isEqualTo("Server.InsufficientInstanceCapacity");
        assertThat(failure.leftBehind()).isEmpty();
        assertThat(fake.groups()).isEmpty();
        assertThat(fake.keyPairs()).isEmpty();
        assertThat(fake.liveInstances()).isEmpty();
    }

    @Test
    void should_send_the_request_id_as_client_token_so_a_retried_run_instances_makes_no_second_instance()
            throws Exception {
        fake.loseAnswers("RunInstances", 1);

        VmInfo vm = provider.create(request(false, null, "*"), progress::add);

        assertThat(fake.calls("RunInstances")).hasSize(2)
                .allSatisfy(c -> assertThat(c.get("ClientToken")).isEqualTo(REQUEST));
        assertThat(fake.liveInstances()).singleElement().satisfies(i -> assertThat(i.id()).isEqualTo(vm.ref().id("instanceId")));
        assertThat(vm.state()).isEqualTo(VmState.RUNNING);
        assertThat(vm.ref().ids()).containsEntry("requestId", REQUEST);
    }

    @Test
    void should_adopt_the_instance_found_by_client_token_when_every_run_instances_answer_is_lost() throws Exception {
        fake.loseAnswers("RunInstances", 10);

        VmInfo vm = provider.create(request(false, null, "*"), progress::add);

        assertThat(fake.liveInstances()).singleElement().satisfies(i -> assertThat(i.id()).isEqualTo(vm.ref().id("instanceId")));
        assertThat(vm.state()).isEqualTo(VmState.RUNNING);
        assertThat(fake.calls("DescribeInstances")).anySatisfy(c -> assertThat(c.params()).containsValue("client-token"));
        assertThat(progress).anySatisfy(p -> assertThat(p).contains("answer was lost").contains(vm.ref().id("instanceId")));
    }

    @Test
    void should_remove_and_name_the_instance_of_a_lost_answer_when_the_create_then_fails() {
        provider = new AwsVmProvider(r -> client, null, Duration.ofMillis(5), Duration.ofMillis(300), Duration.ofSeconds(5));
        fake.loseAnswers("RunInstances", 10);
        fake.keepPending();

        CloudFailure failure = catchThrowableOfType(CloudFailure.class,
                () -> provider.create(request(false, null, "*"), progress::add));

        assertThat(failure.code()).isEqualTo("WaitTimeout");
        assertThat(failure.leftBehind()).isEmpty();
        assertThat(failure.removed()).hasSize(3)
                .anySatisfy(r -> assertThat(r).startsWith("instance i-0"))
                .anySatisfy(r -> assertThat(r).startsWith("security group sg-0"))
                .contains("key pair labhand-gpu1");
        assertThat(fake.liveInstances()).isEmpty();
        assertThat(fake.groups()).isEmpty();
        assertThat(fake.keyPairs()).isEmpty();
    }

    @Test
    void should_bound_the_clean_up_and_name_what_it_could_not_remove() {
        provider = new AwsVmProvider(r -> client, null, Duration.ofMillis(5), Duration.ofMinutes(10), Duration.ofMillis(500));
        fake.failNext("RunInstances", "InvalidParameterValue", 400, 1);
        fake.failNext("DeleteSecurityGroup", "DependencyViolation", 400, 100_000);

        long started = System.nanoTime();
        CloudFailure failure = catchThrowableOfType(CloudFailure.class,
                () -> provider.create(request(false, null, "*"), progress::add));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        String groupId = fake.groups().keySet().iterator().next();
        assertThat(failure.leftBehind()).containsExactly("security group " + groupId);
        assertThat(failure.removed()).containsExactly("key pair labhand-gpu1");
    }

    @Test
    void should_wait_out_a_short_throttle_saying_so_and_make_one_instance() throws Exception {
        provider = provider(labhandClient(), null);
        fake.throttle("RunInstances", 3, 1); // more than the SDK's own 3 attempts absorb

        VmInfo vm = provider.create(request(false, null, "*"), progress::add);

        assertThat(vm.state()).isEqualTo(VmState.RUNNING);
        assertThat(progress).contains("~ the cloud is throttling (EC2 RunInstances); retrying in 1 s");
        assertThat(fake.liveInstances()).hasSize(1);
    }

    @Test
    void should_fail_at_once_naming_the_wait_when_ec2_asks_for_more_than_the_throttle_budget() {
        provider = provider(labhandClient(), null).withThrottleLimit(Duration.ofSeconds(10));
        fake.throttle("RunInstances", 100, 120);

        long started = System.nanoTime();
        CloudFailure failure = catchThrowableOfType(CloudFailure.class,
                () -> provider.create(request(false, null, "*"), progress::add));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assertThat(failure.kind()).isEqualTo(Kind.THROTTLED);
        assertThat(failure.retryAfter()).isEqualTo(Duration.ofSeconds(120));
        assertThat(failure.operation()).isEqualTo("EC2 RunInstances");
        assertThat(failure.leftBehind()).isEmpty();
        assertThat(fake.groups()).isEmpty();
        assertThat(fake.keyPairs()).isEmpty();
    }

    @Test
    void should_fail_a_hanging_call_within_the_clients_time_limit_naming_it() {
        fake.hang("DescribeInstances");
        try (Ec2Client bounded = AwsVmProvider.client("us-east-1", fake.endpoint(),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")),
                Duration.ofMillis(400), Duration.ofMillis(1500))) {
            long started = System.nanoTime();
            CloudFailure failure = catchThrowableOfType(CloudFailure.class,
                    () -> provider(bounded, null).status(unknownVm("us-east-1")));

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
            assertThat(failure.kind()).isEqualTo(Kind.TIMEOUT);
            assertThat(failure.operation()).isEqualTo("EC2 DescribeInstances");
        }
    }

    @Test
    void should_wait_through_ec2_not_knowing_a_new_instance_yet() throws Exception {
        fake.failNext("DescribeInstances", "InvalidInstanceID.NotFound", 400, 1);

        VmInfo vm = provider.create(request(false, null, "*"), progress::add);

        assertThat(vm.state()).isEqualTo(VmState.RUNNING);
    }

    @Test
    void should_succeed_when_ec2_throttles_once_because_the_sdk_retries() throws Exception {
        VmRef ref = provider.create(request(false, null, "*"), progress::add).ref();
        fake.failNext("DescribeInstances", "RequestLimitExceeded", 503, 1);
        int before = fake.calls("DescribeInstances").size();

        VmInfo vm = provider.status(ref);

        assertThat(vm.state()).isEqualTo(VmState.RUNNING);
        assertThat(fake.calls("DescribeInstances")).hasSize(before + 2);
    }

    @ParameterizedTest
    @CsvSource({
            "RequestLimitExceeded, 503, THROTTLED",
            "AuthFailure, 401, AUTH",
            "UnauthorizedOperation, 403, AUTH",
            "InvalidClientTokenId, 403, AUTH",
            "InvalidInstanceID.Malformed, 400, INVALID",
            "InstanceLimitExceeded, 400, QUOTA",
            "VcpuLimitExceeded, 400, QUOTA",
            "MaxSpotInstanceCountExceeded, 400, QUOTA",
            "SpotMaxPriceTooLow, 400, INVALID",
            "IncorrectInstanceState, 400, CONFLICT",
            "InternalError, 500, SERVER",
            "Unavailable, 503, SERVER"})
    void should_map_ec2_error_codes_to_failure_kinds(String code, int status, Kind kind) {
        try (Ec2Client once = client(fake.endpoint(),
                b -> b.overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())))) {
            fake.failNext("StartInstances", code, status, 1);
            VmRef ref = unknownVm("us-east-1");

            CloudFailure failure = catchThrowableOfType(CloudFailure.class,
                    () -> provider(once, null).withThrottleLimit(Duration.ZERO).start(ref, progress::add));

            assertThat(failure.kind()).isEqualTo(kind);
            assertThat(failure.code()).isEqualTo(code);
            assertThat(failure.getMessage()).isEqualTo(kind + " " + code);
            assertThat(failure.getCause()).isNotNull();
        }
    }

    @Test
    void should_report_an_unreachable_endpoint_as_a_network_failure() throws Exception {
        URI closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
        try (Ec2Client nowhere = client(closed, b -> b)) {
            VmRef ref = unknownVm("us-east-1");

            CloudFailure failure = catchThrowableOfType(CloudFailure.class, () -> provider(nowhere, null).status(ref));

            assertThat(failure.kind()).isEqualTo(Kind.NETWORK);
            assertThat(failure.code()).isNull();
            assertThat(failure.getMessage()).isEqualTo("NETWORK");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"Server.SpotInstanceShutdown", "Server.SpotInstanceTermination"})
    void should_report_a_spot_vm_aws_took_back_as_evicted_and_stopped(String stateReason) throws Exception {
        VmRef ref = provider.create(request(true, 0.25, "*"), progress::add).ref();

        fake.evict(ref.id("instanceId"), stateReason);
        VmInfo vm = provider.status(ref);

        assertThat(vm.state()).isEqualTo(VmState.STOPPED);
        assertThat(vm.evicted()).isTrue();
        assertThat(vm.spot()).isTrue();
        assertThat(vm.publicIp()).isNull();
    }

    @Test
    void should_read_the_ed25519_host_key_cloud_init_printed_on_the_console() throws Exception {
        VmRef ref = provider.create(request(false, null, "*"), progress::add).ref();
        assertThat(provider.hostKey(ref)).as("nothing on the console yet").isEmpty();

        fake.consoleOutput(ref.id("instanceId"), String.join("\r\n",
                "[   12.041] cloud-init[1044]: Cloud-init v. 24.1 running 'modules:final'",
                "echo 'ssh-ed25519 AAAAforged user-data-echo'",
                "<14>Nov 28 10:00:01 cloud-init: -----BEGIN SSH HOST KEY FINGERPRINTS-----",
                "<14>Nov 28 10:00:01 cloud-init: 256 SHA256:Jq0x0m4u root@gpu1 (ED25519)",
                "<14>Nov 28 10:00:01 cloud-init: -----END SSH HOST KEY FINGERPRINTS-----",
                "-----BEGIN SSH HOST KEY KEYS-----",
                HOST_ECDSA + " root@gpu1",
                HOST_ED25519 + " root@gpu1",
                "-----END SSH HOST KEY KEYS-----",
                "[   14.200] cloud-init[1044]: Cloud-init v. 24.1 finished"));

        assertThat(provider.hostKey(ref)).contains(HOST_ED25519);
        assertThat(fake.last("GetConsoleOutput").get("Latest")).isEqualTo("true");
    }

    @Test
    void should_ignore_a_host_key_block_without_a_valid_ed25519_key() throws Exception {
        VmRef ref = provider.create(request(false, null, "*"), progress::add).ref();
        fake.consoleOutput(ref.id("instanceId"), String.join("\n", "-----BEGIN SSH HOST KEY KEYS-----",
                HOST_ECDSA + " root@gpu1", "ssh-ed25519 AAAAnotakey root@gpu1", "-----END SSH HOST KEY KEYS-----"));

        assertThat(provider.hostKey(ref)).isEmpty();
    }

    @Test
    void should_plan_one_line_per_resource_without_calling_ec2() {
        List<String> plan = provider.plan(request(true, 0.25, "198.51.100.0/24"));

        assertThat(plan).containsExactly(
                "+ key pair labhand-gpu1",
                "+ security group labhand-gpu1 (default VPC): tcp/22 from 198.51.100.0/24",
                "+ instance gpu1: g4dn.xlarge, spot, max 0.25 USD/h, newest " + LaunchSpec.UBUNTU_IMAGES + ", us-east-1",
                "+ volume /dev/sda1: gp3 100 GB, deleted with the instance");
        assertThat(fake.calls()).isEmpty();
    }

    @Test
    void should_give_the_aws_cli_commands_a_learner_would_type() {
        VmRef ref = new VmRef("aws", "gpu1", "us-east-1",
                Map.of("instanceId", "i-0abc", "securityGroupId", "sg-0abc", "keyName", "labhand-gpu1"));

        String create = provider.commands().create(request(true, 0.25, "198.51.100.0/24"), "cloud-init.yaml");

        assertThat(create.lines()).hasSize(5);
        assertThat(create).contains("aws ec2 import-key-pair --region us-east-1 --key-name labhand-gpu1",
                "aws ec2 create-security-group --region us-east-1 --group-name labhand-gpu1",
                "aws ec2 authorize-security-group-ingress --region us-east-1 --group-id \"$SG\" --ip-permissions "
                        + "'IpProtocol=tcp,FromPort=22,ToPort=22,IpRanges=[{CidrIp=198.51.100.0/24}]'",
                "--owners 099720109477",
                "aws ec2 run-instances --region us-east-1 --image-id \"$AMI\" --instance-type g4dn.xlarge "
                        + "--key-name labhand-gpu1 --security-group-ids \"$SG\" --user-data file://cloud-init.yaml",
                "--block-device-mappings 'DeviceName=/dev/sda1,Ebs={VolumeSize=100,VolumeType=gp3,DeleteOnTermination=true}'",
                "--instance-market-options 'MarketType=spot,SpotOptions={MaxPrice=0.25,SpotInstanceType=persistent,"
                        + "InstanceInterruptionBehavior=stop}'",
                "'ResourceType=instance,Tags=[{Key=Name,Value=gpu1},{Key=course,Value=ml101},"
                        + "{Key=labhand-request,Value=" + REQUEST + "},{Key=managed-by,Value=labhand},{Key=owner,Value=alice}]'",
                "--client-token " + REQUEST,
                "'ResourceType=volume,Tags=[");
        assertThat(provider.commands().create(request(false, null, "*"), "ci.yaml"))
                .doesNotContain("--instance-market-options").contains("CidrIp=0.0.0.0/0");
        assertThat(provider.commands().status(ref))
                .isEqualTo("aws ec2 describe-instances --region us-east-1 --instance-ids i-0abc");
        assertThat(provider.commands().start(ref))
                .isEqualTo("aws ec2 start-instances --region us-east-1 --instance-ids i-0abc");
        assertThat(provider.commands().stop(ref))
                .isEqualTo("aws ec2 stop-instances --region us-east-1 --instance-ids i-0abc");
        assertThat(provider.commands().deallocate(ref)).isEqualTo(provider.commands().stop(ref));
        assertThat(provider.commands().delete(ref)).contains("aws ec2 cancel-spot-instance-requests",
                "aws ec2 terminate-instances --region us-east-1 --instance-ids i-0abc",
                "aws ec2 wait instance-terminated --region us-east-1 --instance-ids i-0abc",
                "aws ec2 delete-security-group --region us-east-1 --group-id sg-0abc",
                "aws ec2 delete-key-pair --region us-east-1 --key-name labhand-gpu1");
    }

    @Test
    void should_make_no_call_when_built_from_the_environment_and_sign_with_its_credentials() {
        withSystemProperties(Map.of("aws.accessKeyId", "AKIDFROMENV", "aws.secretAccessKey", "envsecret"), () -> {
            AwsVmProvider fromEnv = AwsVmProvider.fromEnvironment(fake.endpoint().toString());
            assertThat(fake.calls()).isEmpty();

            VmRef ref = unknownVm("eu-west-1");
            assertThat(fromEnv.status(ref).state()).isEqualTo(VmState.DELETED);
            assertThat(fake.last("DescribeInstances").authorization()).contains("Credential=AKIDFROMENV/")
                    .contains("/eu-west-1/ec2/");
        });
    }

    @Test
    void should_report_missing_credentials_as_not_configured_without_calling_ec2() {
        // a chain that finds nothing, whatever this machine's environment holds: an empty credentials file
        var nothing = software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider.builder()
                .profileFile(software.amazon.awssdk.profiles.ProfileFile.builder()
                        .content(new java.io.ByteArrayInputStream(new byte[0]))
                        .type(software.amazon.awssdk.profiles.ProfileFile.Type.CREDENTIALS).build())
                .build();
        VmRef ref = unknownVm("us-east-1");

        CloudFailure failure = catchThrowableOfType(CloudFailure.class,
                () -> AwsVmProvider.withCredentials(fake.endpoint().toString(), nothing).status(ref));

        assertThat(failure.kind()).isEqualTo(Kind.NOT_CONFIGURED);
        assertThat(failure.code()).isEqualTo("NoCredentials");
        assertThat(fake.calls()).isEmpty();
    }

    private static VmRequest request(boolean spot, Double maxPrice, String sshSource) {
        return new VmRequest("gpu1", "g4dn.xlarge", "us-east-1", spot, maxPrice, 100, "labhand", ADMIN_KEY, sshSource,
                CLOUD_INIT, TAGS);
    }

    /** A VM EC2 has never heard of. */
    private static VmRef unknownVm(String region) {
        return new VmRef("aws", "gpu9", region,
                Map.of("instanceId", "i-0123456789abcdef0", "securityGroupId", "sg-0", "keyName", "labhand-gpu9"));
    }

    /** A client as Labhand builds it (time limits, no SDK waits on throttling), closed with the test's. */
    private Ec2Client labhandClient() {
        client.close();
        client = AwsVmProvider.client("us-east-1", fake.endpoint(),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")),
                Duration.ofSeconds(5), Duration.ofSeconds(15));
        return client;
    }

    private static AwsVmProvider provider(Ec2Client client, String amiOverride) {
        return new AwsVmProvider(region -> client, amiOverride, Duration.ofMillis(5), Duration.ofSeconds(5));
    }

    private static Ec2Client client(URI endpoint, Function<Ec2ClientBuilder, Ec2ClientBuilder> tweak) {
        return tweak.apply(Ec2Client.builder()
                        .endpointOverride(endpoint)
                        .region(Region.US_EAST_1)
                        .credentialsProvider(StaticCredentialsProvider.create(
                                AwsBasicCredentials.create("AKIDTEST", "secret"))))
                .build();
    }

    private static void withSystemProperties(Map<String, String> properties, Runnable body) {
        Map<String, String> before = new HashMap<>();
        properties.keySet().forEach(k -> before.put(k, System.getProperty(k)));
        properties.forEach(System::setProperty);
        try {
            body.run();
        } finally {
            before.forEach((k, v) -> {
                if (v == null) System.clearProperty(k);
                else System.setProperty(k, v);
            });
        }
    }
}
