package dev.labhand.vm.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.RetryOptions;
import com.fasterxml.jackson.databind.JsonNode;
import dev.labhand.tool.Progress;
import dev.labhand.vm.CloudFailure;
import dev.labhand.vm.CloudFailure.Kind;
import dev.labhand.vm.VmInfo;
import dev.labhand.vm.VmRef;
import dev.labhand.vm.VmRequest;
import dev.labhand.vm.VmState;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

final class AzureVmProviderTest {
    private static final String ADMIN_KEY = ed25519Key(1) + " learner@laptop";
    private static final String HOST_KEY = ed25519Key(2) + " root@gpu1";
    private static final String CLOUD_INIT = "#cloud-config\npackages: [docker.io]\n";
    private static final Map<String, String> TAGS = Map.of("course", "docker-101", "owner", "alice", "managed-by", "labhand");
    private static final String VM_PATH = "/providers/Microsoft.Compute/virtualMachines/gpu1$";

    private FakeArm arm;
    private AzureVmProvider azure;
    private final List<String> progress = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        arm = FakeArm.start();
        azure = arm.provider(Duration.ofMillis(5));
    }

    @AfterEach
    void stop() {
        try {
            assertThat(arm.unexpected()).as("requests the fake had no answer for").isEmpty();
        } finally {
            arm.close();
        }
    }

    @Test
    void should_create_a_spot_vm_with_every_resource_tagged_and_every_operation_polled() throws Exception {
        VmInfo info = azure.create(spot("gpu1", 0.2, "198.51.100.0/24"), progress::add);

        assertThat(info.state()).isEqualTo(VmState.RUNNING);
        assertThat(info.publicIp()).isEqualTo("127.0.1.1");
        assertThat(info.spot()).isTrue();
        assertThat(info.size()).isEqualTo("Standard_NC4as_T4_v3");
        assertThat(info.ref().ids()).containsOnly(Map.entry("resourceGroup", "labhand-gpu1"), Map.entry("vm", "gpu1"));

        assertThat(arm.calls().stream().filter(c -> !c.method().equals("GET")).map(c -> c.method() + " " + tail(c.path())))
                .containsExactly("HEAD resourcegroups/labhand-gpu1", "PUT resourcegroups/labhand-gpu1",
                        "PUT virtualNetworks/gpu1-vnet", "PUT networkSecurityGroups/gpu1-nsg", "PUT publicIPAddresses/gpu1-ip",
                        "PUT networkInterfaces/gpu1-nic", "PUT virtualMachines/gpu1", "PATCH disks/gpu1-osdisk");
        assertThat(arm.calls("GET", "^/fakeOperations/")).as("each of 6 operations polled until it finished").hasSize(12);
        assertThat(arm.calls().stream().filter(c -> c.method().matches("PUT|PATCH")))
                .allSatisfy(c -> assertThat(c.json().get("tags")).isEqualTo(json(TAGS)));
        assertThat(arm.resourceIds()).hasSize(7)
                .allSatisfy(id -> assertThat(arm.resource(id).get("tags")).isEqualTo(json(TAGS)));

        JsonNode vnet = body("PUT", "/virtualNetworks/gpu1-vnet$").get("properties");
        assertThat(vnet.at("/addressSpace/addressPrefixes/0").asText()).isEqualTo("10.42.0.0/16");
        assertThat(vnet.at("/subnets/0/name").asText()).isEqualTo("default");
        assertThat(vnet.at("/subnets/0/properties/addressPrefix").asText()).isEqualTo("10.42.0.0/24");

        JsonNode rules = body("PUT", "/networkSecurityGroups/gpu1-nsg$").at("/properties/securityRules");
        assertThat(rules).hasSize(1);
        JsonNode ssh = rules.get(0).get("properties");
        assertThat(ssh.get("direction").asText()).isEqualTo("Inbound");
        assertThat(ssh.get("access").asText()).isEqualTo("Allow");
        assertThat(ssh.get("protocol").asText()).isEqualTo("Tcp");
        assertThat(ssh.get("sourceAddressPrefix").asText()).isEqualTo("198.51.100.0/24");
        assertThat(ssh.get("destinationPortRange").asText()).isEqualTo("22");

        JsonNode ip = body("PUT", "/publicIPAddresses/gpu1-ip$");
        assertThat(ip.at("/sku/name").asText()).isEqualTo("Standard");
        assertThat(ip.at("/properties/publicIPAllocationMethod").asText()).isEqualTo("Static");

        JsonNode nic = body("PUT", "/networkInterfaces/gpu1-nic$").get("properties");
        assertThat(nic.at("/networkSecurityGroup/id").asText()).endsWith("/networkSecurityGroups/gpu1-nsg");
        assertThat(nic.at("/ipConfigurations/0/properties/subnet/id").asText()).endsWith("/virtualNetworks/gpu1-vnet/subnets/default");
        assertThat(nic.at("/ipConfigurations/0/properties/publicIPAddress/id").asText()).endsWith("/publicIPAddresses/gpu1-ip");

        JsonNode vm = body("PUT", VM_PATH).get("properties");
        assertThat(vm.get("priority").asText()).isEqualTo("Spot");
        assertThat(vm.get("evictionPolicy").asText()).isEqualTo("Deallocate");
        assertThat(vm.at("/billingProfile/maxPrice").asDouble()).isEqualTo(0.2);
        assertThat(vm.at("/hardwareProfile/vmSize").asText()).isEqualTo("Standard_NC4as_T4_v3");
        assertThat(vm.at("/storageProfile/imageReference").toString())
                .contains("\"Canonical\"", "\"0001-com-ubuntu-server-jammy\"", "\"22_04-lts-gen2\"", "\"latest\"");
        assertThat(vm.at("/storageProfile/osDisk/diskSizeGB").asInt()).isEqualTo(128);
        assertThat(vm.at("/osProfile/adminUsername").asText()).isEqualTo("labhand");
        assertThat(vm.at("/osProfile").has("adminPassword")).isFalse();
        assertThat(vm.at("/osProfile/linuxConfiguration/disablePasswordAuthentication").asBoolean()).isTrue();
        assertThat(vm.at("/osProfile/linuxConfiguration/ssh/publicKeys/0/keyData").asText()).isEqualTo(ADMIN_KEY);
        assertThat(new String(Base64.getDecoder().decode(vm.at("/osProfile/customData").asText()), StandardCharsets.UTF_8))
                .isEqualTo(CLOUD_INIT);
        assertThat(vm.at("/networkProfile/networkInterfaces/0/id").asText()).endsWith("/networkInterfaces/gpu1-nic");

        assertThat(progress).containsExactly("+ resource group labhand-gpu1", "+ virtual network gpu1-vnet",
                "+ network security group gpu1-nsg", "+ public IP gpu1-ip", "+ network interface gpu1-nic", "+ VM gpu1",
                "~ OS disk gpu1-osdisk: tags");
    }

    @Test
    void should_cap_a_spot_price_at_on_demand_when_none_is_given_and_leave_on_demand_vms_without_spot_settings()
            throws Exception {
        azure.create(spot("gpu2", null, "*"), Progress.NONE);
        azure.create(onDemand("cpu1"), Progress.NONE);

        assertThat(body("PUT", "/virtualMachines/gpu2$").at("/properties/billingProfile/maxPrice").asDouble()).isEqualTo(-1);
        assertThat(body("PUT", "/networkSecurityGroups/gpu2-nsg$").at("/properties/securityRules/0/properties/sourceAddressPrefix")
                .asText()).isEqualTo("*");
        JsonNode onDemand = body("PUT", "/virtualMachines/cpu1$").get("properties");
        assertThat(onDemand.get("priority").asText()).isEqualTo("Regular");
        assertThat(onDemand.has("evictionPolicy")).isFalse();
        assertThat(onDemand.has("billingProfile")).isFalse();
    }

    @Test
    void should_plan_one_line_per_resource_without_calling_azure() {
        assertThat(azure.plan(spot("gpu1", 0.2, "*"))).containsExactly(
                "resource group labhand-gpu1 (koreacentral)",
                "virtual network gpu1-vnet: 10.42.0.0/16, subnet default 10.42.0.0/24",
                "network security group gpu1-nsg: inbound TCP 22 from *",
                "public IP gpu1-ip: static, Standard SKU",
                "network interface gpu1-nic",
                "VM gpu1: Standard_NC4as_T4_v3, spot max $0.20/h, evict → deallocate, 128 GB disk, Ubuntu 22.04");
        assertThat(azure.plan(onDemand("cpu1"))).last().isEqualTo("VM cpu1: Standard_B2s, on-demand, 30 GB disk, Ubuntu 22.04");
        assertThat(arm.calls()).isEmpty();
    }

    @Test
    void should_show_each_power_change_in_status_and_delete_the_whole_group() throws Exception {
        VmRef ref = azure.create(onDemand("cpu1"), Progress.NONE).ref();
        assertThat(azure.status(ref)).satisfies(s -> {
            assertThat(s.state()).isEqualTo(VmState.RUNNING);
            assertThat(s.spot()).isFalse();
            assertThat(s.size()).isEqualTo("Standard_B2s");
            assertThat(s.publicIp()).isEqualTo("127.0.1.1");
            assertThat(s.evicted()).isFalse();
        });

        azure.stop(ref, progress::add);
        assertThat(azure.status(ref).state()).isEqualTo(VmState.STOPPED);
        azure.start(ref, progress::add);
        assertThat(azure.status(ref).state()).isEqualTo(VmState.RUNNING);
        azure.deallocate(ref, progress::add);
        assertThat(azure.status(ref).state()).isEqualTo(VmState.DEALLOCATED);
        arm.powerState("labhand-cpu1", "cpu1", "deallocating");
        assertThat(azure.status(ref).state()).isEqualTo(VmState.STOPPING);
        assertThat(arm.calls("POST", "/virtualMachines/cpu1/(powerOff|start|deallocate)$").stream().map(c -> tail(c.path())))
                .containsExactly("cpu1/powerOff", "cpu1/start", "cpu1/deallocate");

        azure.delete(ref, progress::add);
        assertThat(arm.resourceIds()).isEmpty();
        assertThat(azure.status(ref).state()).isEqualTo(VmState.DELETED);
        assertThatCode(() -> azure.delete(ref, Progress.NONE)).as("deleting what is gone").doesNotThrowAnyException();
        assertThat(arm.calls("DELETE", "/resourcegroups/labhand-cpu1$")).hasSize(2);
        assertThat(progress).containsExactly("~ VM cpu1: power off", "~ VM cpu1: start", "~ VM cpu1: deallocate",
                "- resource group labhand-cpu1");
    }

    @Test
    void should_let_the_sdk_retry_a_throttled_put() throws Exception {
        arm.throttleOnce("PUT", "/virtualNetworks/gpu1-vnet$", 1);

        VmInfo info = azure.create(spot("gpu1", 0.2, "*"), Progress.NONE);

        assertThat(info.state()).isEqualTo(VmState.RUNNING);
        assertThat(arm.calls("PUT", "/virtualNetworks/gpu1-vnet$")).hasSize(2);
    }

    @Test
    void should_wait_out_throttling_longer_than_the_sdk_retries_and_say_so() throws Exception {
        // the SDK tries three times quickly; the fourth 429 comes after Labhand waited ARM's Retry-After
        arm.throttle("PUT", "/virtualNetworks/gpu1-vnet$", 1, 4);

        long start = System.nanoTime();
        VmInfo info = operatorsProvider().create(spot("gpu1", 0.2, "*"), progress::add);
        long ms = (System.nanoTime() - start) / 1_000_000;

        assertThat(info.state()).isEqualTo(VmState.RUNNING);
        assertThat(progress).contains("~ the cloud is throttling (Azure); retrying in 1 s");
        assertThat(ms).as("ARM's Retry-After was waited out").isGreaterThanOrEqualTo(1_000);
    }

    @Test
    void should_fail_at_once_naming_the_wait_when_arm_asks_for_longer_than_the_budget() {
        arm.throttle("PUT", "/virtualNetworks/gpu1-vnet$", 600, 10);

        long start = System.nanoTime();
        CloudFailure failure = catchThrowableOfType(CloudFailure.class,
                () -> operatorsProvider().withThrottleLimit(Duration.ofSeconds(30)).create(spot("gpu1", 0.2, "*"),
                        progress::add));
        long ms = (System.nanoTime() - start) / 1_000_000;

        assertThat(failure.kind()).isEqualTo(Kind.THROTTLED);
        assertThat(failure.retryAfter()).isEqualTo(Duration.ofSeconds(600));
        assertThat(ms).as("no silent ten-minute wait").isLessThan(30_000);
        assertThat(arm.resourceIds()).as("the failed create's group was deleted").isEmpty();
    }

    /** As an operator runs it: Labhand's own pipeline (two quick retries, never a silent Retry-After) to the fake. */
    private AzureVmProvider operatorsProvider() {
        return AzureVmProvider.fromConfig(FakeArm.SUBSCRIPTION, "azure", arm.directUrl(), Duration.ofMillis(5),
                Duration.ofSeconds(5));
    }

    @Test
    void should_delete_the_group_when_the_vm_cannot_be_created() {
        arm.fail("PUT", VM_PATH, 500, "InternalServerError");

        CloudFailure failure = catchThrowableOfType(CloudFailure.class,
                () -> azure.create(spot("gpu1", 0.2, "*"), progress::add));

        assertThat(failure.kind()).isEqualTo(Kind.SERVER);
        assertThat(failure.code()).isEqualTo("InternalServerError");
        assertThat(failure.getMessage()).isEqualTo("SERVER InternalServerError").doesNotContain("fake");
        assertThat(failure.leftBehind()).isEmpty();
        assertThat(arm.calls("DELETE", "/resourcegroups/labhand-gpu1$")).hasSize(1);
        assertThat(arm.resourceIds()).isEmpty();
        assertThat(progress).last().isEqualTo("- resource group labhand-gpu1");
    }

    @Test
    void should_name_the_group_left_behind_when_the_clean_up_fails_too() {
        arm.fail("PUT", VM_PATH, 500, "InternalServerError");
        arm.fail("DELETE", "/resourcegroups/labhand-gpu1$", 500, "InternalServerError");

        CloudFailure failure = catchThrowableOfType(CloudFailure.class, () -> azure.create(spot("gpu1", 0.2, "*"), Progress.NONE));

        assertThat(failure.kind()).isEqualTo(Kind.SERVER);
        assertThat(failure.code()).isEqualTo("InternalServerError");
        assertThat(failure.leftBehind()).containsExactly("resource group labhand-gpu1");
        assertThat(arm.resourceIds()).isNotEmpty();
    }

    @Test
    void should_report_an_allocation_failure_inside_the_vm_operation_as_quota() {
        arm.failOperation("PUT", VM_PATH, "AllocationFailed");

        CloudFailure failure = catchThrowableOfType(CloudFailure.class, () -> azure.create(spot("gpu1", 0.2, "*"), Progress.NONE));

        assertThat(failure.kind()).isEqualTo(Kind.QUOTA);
        assertThat(failure.code()).isEqualTo("AllocationFailed");
        assertThat(arm.resourceIds()).isEmpty();
    }

    @Test
    void should_start_deleting_the_group_when_a_create_is_interrupted() {
        Thread caller = Thread.currentThread();
        Progress interruptAtVm = line -> {
            if (line.startsWith("+ VM")) caller.interrupt();
        };
        try {
            assertThatThrownBy(() -> azure.create(spot("gpu1", 0.2, "*"), interruptAtVm))
                    .isInstanceOf(InterruptedException.class);
        } finally {
            Thread.interrupted();
        }

        assertThat(arm.calls("DELETE", "/resourcegroups/labhand-gpu1$")).hasSize(1);
        assertThat(arm.resourceIds()).isEmpty();
    }

    @Test
    void should_refuse_to_create_into_a_group_that_already_exists() throws Exception {
        VmRef first = azure.create(onDemand("cpu1"), Progress.NONE).ref();

        CloudFailure failure = catchThrowableOfType(CloudFailure.class, () -> azure.create(onDemand("cpu1"), Progress.NONE));

        assertThat(failure.kind()).isEqualTo(Kind.CONFLICT);
        assertThat(failure.code()).isEqualTo("ResourceGroupExists");
        assertThat(arm.calls("DELETE", ".")).isEmpty();
        assertThat(azure.status(first).state()).isEqualTo(VmState.RUNNING);
    }

    @Test
    void should_map_arm_errors_to_failure_kinds_after_the_sdk_retries() {
        VmRef ref = ref("gpu1");
        assertThat(failureOf(ref, 401, "InvalidAuthenticationToken")).isEqualTo(Kind.AUTH);
        assertThat(failureOf(ref, 403, "AuthorizationFailed")).isEqualTo(Kind.AUTH);
        assertThat(failureOf(ref, 409, "Conflict")).isEqualTo(Kind.CONFLICT);
        assertThat(failureOf(ref, 409, "OperationNotAllowed")).isEqualTo(Kind.QUOTA);
        assertThat(failureOf(ref, 409, "SkuNotAvailable")).isEqualTo(Kind.QUOTA);
        assertThat(failureOf(ref, 400, "InvalidParameter")).isEqualTo(Kind.INVALID);
        assertThat(failureOf(ref, 503, "ServiceUnavailable")).isEqualTo(Kind.SERVER);

        arm.fail("GET", VM_PATH, 429, "SubscriptionRequestsThrottled");
        CloudFailure throttled = catchThrowableOfType(CloudFailure.class, () -> azure.status(ref));
        assertThat(throttled.kind()).isEqualTo(Kind.THROTTLED);
        assertThat(arm.calls("GET", VM_PATH)).as("first try and the SDK's three retries").hasSize(4);
    }

    @Test
    void should_report_an_unreachable_endpoint_as_a_network_failure() {
        FakeArm gone = FakeArm.start();
        AzureVmProvider unreachable = new AzureVmProvider(
                gone.pipeline(new RetryOptions(new FixedDelayOptions(1, Duration.ofMillis(1)))), gone.profile(), Duration.ofMillis(5));
        gone.close();

        CloudFailure failure = catchThrowableOfType(CloudFailure.class, () -> unreachable.status(ref("gpu1")));

        assertThat(failure.kind()).isEqualTo(Kind.NETWORK);
        assertThat(failure.code()).isNull();
    }

    @Test
    void should_report_a_vm_that_is_not_there_as_deleted() {
        assertThat(azure.status(ref("ghost")).state()).isEqualTo(VmState.DELETED);
    }

    @Test
    void should_read_the_host_key_with_a_run_command_only_while_the_vm_runs() throws Exception {
        VmRef ref = azure.create(spot("gpu1", 0.2, "*"), Progress.NONE).ref();
        arm.runCommandOutput("Enable succeeded:\n" + HOST_KEY + "\n");

        assertThat(azure.hostKey(ref)).contains(HOST_KEY);
        JsonNode input = arm.calls("POST", "/virtualMachines/gpu1/runCommand$").get(0).json();
        assertThat(input.get("commandId").asText()).isEqualTo("RunShellScript");
        assertThat(input.get("script").get(0).asText()).isEqualTo("cat /etc/ssh/ssh_host_ed25519_key.pub");

        arm.runCommandOutput("cat: /etc/ssh/ssh_host_ed25519_key.pub: No such file\nssh-ed25519 not-a-key\n");
        assertThat(azure.hostKey(ref)).isEmpty();

        azure.deallocate(ref, Progress.NONE);
        assertThat(azure.hostKey(ref)).isEmpty();
        assertThat(arm.calls("POST", "/runCommand$")).hasSize(2);
    }

    @Test
    void should_fail_as_not_configured_without_a_subscription_and_without_building_a_client() {
        AzureVmProvider unconfigured = AzureVmProvider.fromEnvironment(" ");

        assertThat(unconfigured.plan(onDemand("cpu1"))).hasSize(6);
        for (var operation : List.<org.assertj.core.api.ThrowableAssert.ThrowingCallable>of(
                () -> unconfigured.status(ref("cpu1")),
                () -> unconfigured.create(onDemand("cpu1"), Progress.NONE),
                () -> unconfigured.delete(ref("cpu1"), Progress.NONE),
                () -> unconfigured.hostKey(ref("cpu1")))) {
            CloudFailure failure = catchThrowableOfType(CloudFailure.class, operation);
            assertThat(failure.kind()).isEqualTo(Kind.NOT_CONFIGURED);
            assertThat(failure.code()).isEqualTo("AZURE_SUBSCRIPTION_ID");
            assertThat(failure.getCause()).as("no client was built, so nothing was sent").isNull();
        }
    }

    @Test
    void should_work_against_a_loopback_arm_set_as_the_endpoint_as_an_operator_would() throws Exception {
        AzureVmProvider configured = AzureVmProvider.fromConfig(FakeArm.SUBSCRIPTION, "azure", arm.directUrl(),
                Duration.ofMillis(5), Duration.ofSeconds(5));

        VmInfo info = configured.create(spot("gpu1", 0.2, "*"), progress::add);

        assertThat(info.state()).isEqualTo(VmState.RUNNING);
        assertThat(configured.status(info.ref()).state()).isEqualTo(VmState.RUNNING);
        configured.delete(info.ref(), progress::add);
        assertThat(arm.resourceIds()).isEmpty();
    }

    @Test
    void should_fail_a_hanging_arm_call_within_its_time_limit_naming_it() throws Exception {
        AzureVmProvider configured = AzureVmProvider.fromConfig(FakeArm.SUBSCRIPTION, "azure", arm.directUrl(),
                Duration.ofMillis(5), Duration.ofMillis(300));
        VmRef ref = configured.create(spot("gpu1", 0.2, "*"), progress::add).ref();
        arm.hang("GET", VM_PATH);

        long started = System.nanoTime();
        CloudFailure failure = catchThrowableOfType(CloudFailure.class, () -> configured.status(ref));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(8));
        assertThat(failure.kind()).isEqualTo(Kind.TIMEOUT);
        assertThat(failure.operation()).isEqualTo("Azure GET virtualMachines/gpu1");
    }

    @Test
    void should_bound_the_clean_up_of_a_failed_create_and_name_the_group_it_could_not_delete() {
        AzureVmProvider configured = AzureVmProvider.fromConfig(FakeArm.SUBSCRIPTION, "azure", arm.directUrl(),
                Duration.ofMillis(5), Duration.ofSeconds(5)).withCleanUpLimit(Duration.ofSeconds(1));
        arm.fail("PUT", VM_PATH, 400, "InvalidParameter");
        arm.hang("DELETE", "/resourcegroups/labhand-gpu1$");

        long started = System.nanoTime();
        CloudFailure failure = catchThrowableOfType(CloudFailure.class,
                () -> configured.create(spot("gpu1", 0.2, "*"), progress::add));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
        assertThat(failure.code()).isEqualTo("InvalidParameter");
        assertThat(failure.leftBehind()).containsExactly("resource group labhand-gpu1");
    }

    @Test
    void should_find_the_group_by_its_tag_when_every_answer_to_creating_it_is_lost() throws Exception {
        AzureVmProvider configured = AzureVmProvider.fromConfig(FakeArm.SUBSCRIPTION, "azure", arm.directUrl(),
                Duration.ofMillis(5), Duration.ofSeconds(5));
        arm.loseAnswers("PUT", "/resourcegroups/labhand-gpu1$", 10);
        VmRequest tagged = spot("gpu1", 0.2, "*").withRequestId("req-7");

        VmInfo info = configured.create(tagged, progress::add);

        assertThat(info.state()).isEqualTo(VmState.RUNNING);
        assertThat(info.ref().ids()).containsEntry("requestId", "req-7");
        assertThat(progress).anySatisfy(p -> assertThat(p).contains("answer was lost").contains("labhand-gpu1"));
    }

    @Test
    void should_refuse_an_unknown_azure_environment_at_start_up() {
        assertThatThrownBy(() -> AzureVmProvider.fromConfig("sub", "azure-mars", ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("azure-us-government");
        assertThatCode(() -> AzureVmProvider.fromConfig("sub", "azure-china", "")).doesNotThrowAnyException();
    }

    @Test
    void should_teach_the_equivalent_az_commands() {
        var az = azure.commands();
        VmRef ref = ref("gpu1");

        String create = az.create(spot("gpu1", 0.2, "198.51.100.0/24"), "cloud-init.yaml");
        assertThat(create.lines()).hasSize(3);
        assertThat(create.lines().toList().get(0))
                .isEqualTo("az group create -n labhand-gpu1 -l koreacentral --tags course=docker-101 managed-by=labhand owner=alice");
        assertThat(create.lines().toList().get(1)).startsWith("az vm create -g labhand-gpu1 -n gpu1 -l koreacentral ")
                .contains("--image Ubuntu2204", "--size Standard_NC4as_T4_v3", "--priority Spot", "--max-price 0.2",
                        "--eviction-policy Deallocate", "--os-disk-size-gb 128", "--admin-username labhand",
                        "--ssh-key-values '" + ADMIN_KEY + "'", "--custom-data cloud-init.yaml", "--nsg-rule SSH",
                        "--public-ip-sku Standard", "--tags course=docker-101 managed-by=labhand owner=alice");
        assertThat(create.lines().toList().get(2)).isEqualTo("az network nsg rule update -g labhand-gpu1 --nsg-name gpu1NSG"
                + " -n default-allow-ssh --source-address-prefixes 198.51.100.0/24");
        assertThat(az.create(onDemand("cpu1"), "cloud-init.yaml")).doesNotContain("--priority", "nsg rule update");
        assertThat(az.create(spot("gpu1", null, "*"), "ci.yaml")).contains("--max-price -1");

        assertThat(az.status(ref)).isEqualTo("az vm get-instance-view -g labhand-gpu1 -n gpu1 --query 'instanceView.statuses[1]'");
        assertThat(az.start(ref)).isEqualTo("az vm start -g labhand-gpu1 -n gpu1");
        assertThat(az.stop(ref)).isEqualTo("az vm stop -g labhand-gpu1 -n gpu1");
        assertThat(az.deallocate(ref)).isEqualTo("az vm deallocate -g labhand-gpu1 -n gpu1");
        assertThat(az.delete(ref)).isEqualTo("az group delete -n labhand-gpu1 --yes");
        assertThat(arm.calls()).isEmpty();
    }

    private Kind failureOf(VmRef ref, int status, String code) {
        FakeArm fresh = FakeArm.start();
        try {
            fresh.fail("GET", ".", status, code);
            CloudFailure failure = catchThrowableOfType(CloudFailure.class,
                    () -> fresh.provider(Duration.ofMillis(5)).status(ref));
            assertThat(failure.code()).isEqualTo(code);
            return failure.kind();
        } finally {
            fresh.close();
        }
    }

    private JsonNode body(String method, String path) {
        List<FakeArm.Call> calls = arm.calls(method, path);
        assertThat(calls).as(method + " " + path).hasSize(1);
        return calls.get(0).json();
    }

    private static String tail(String path) {
        String[] parts = path.split("/");
        return parts[parts.length - 2] + "/" + parts[parts.length - 1];
    }

    private static JsonNode json(Map<String, String> map) {
        return new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(map);
    }

    private static VmRef ref(String name) {
        return new VmRef("azure", name, "koreacentral", Map.of("resourceGroup", "labhand-" + name, "vm", name));
    }

    private static VmRequest spot(String name, Double maxPrice, String sshSource) {
        return new VmRequest(name, "Standard_NC4as_T4_v3", "koreacentral", true, maxPrice, 128, "labhand",
                ADMIN_KEY, sshSource, CLOUD_INIT, TAGS);
    }

    private static VmRequest onDemand(String name) {
        return new VmRequest(name, "Standard_B2s", "koreacentral", false, null, 30, "labhand",
                ADMIN_KEY, "*", CLOUD_INIT, TAGS);
    }

    /** A well-formed OpenSSH ed25519 public key whose 32 key bytes are all {@code fill}. */
    private static String ed25519Key(int fill) {
        byte[] type = "ssh-ed25519".getBytes(StandardCharsets.US_ASCII);
        ByteBuffer blob = ByteBuffer.allocate(4 + type.length + 4 + 32).putInt(type.length).put(type).putInt(32);
        while (blob.hasRemaining()) blob.put((byte) fill);
        return "ssh-ed25519 " + Base64.getEncoder().encodeToString(blob.array());
    }
}
