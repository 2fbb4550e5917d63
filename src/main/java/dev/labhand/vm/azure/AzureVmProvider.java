package dev.labhand.vm.azure;

import com.azure.core.management.polling.PollResult;
import com.azure.core.util.Context;
import com.azure.core.util.polling.PollerFlux;
import com.azure.core.http.HttpPipeline;
import com.azure.core.management.profile.AzureProfile;
import com.azure.resourcemanager.compute.fluent.models.RunCommandResultInner;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineInner;
import com.azure.resourcemanager.compute.models.InstanceViewStatus;
import com.azure.resourcemanager.compute.models.InstanceViewTypes;
import com.azure.resourcemanager.compute.models.RunCommandInput;
import com.azure.resourcemanager.compute.models.VirtualMachinePriorityTypes;
import com.azure.resourcemanager.network.fluent.models.NetworkInterfaceInner;
import com.azure.resourcemanager.network.fluent.models.NetworkSecurityGroupInner;
import com.azure.resourcemanager.network.fluent.models.PublicIpAddressInner;
import com.azure.resourcemanager.network.fluent.models.VirtualNetworkInner;
import dev.labhand.ssh.SshPublicKey;
import dev.labhand.tool.Progress;
import dev.labhand.vm.CloudFailure;
import dev.labhand.vm.CloudFailure.Kind;
import dev.labhand.vm.VmCommands;
import dev.labhand.vm.VmInfo;
import dev.labhand.vm.VmProvider;
import dev.labhand.vm.VmRef;
import dev.labhand.vm.VmRequest;
import dev.labhand.vm.VmState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Course VMs on Azure, one resource group each ({@code labhand-<name>}), made through the SDK's generated
 * clients so every request body is the one {@link AzureBodies} wrote. A create that fails part-way deletes
 * the group, so nothing billable stays behind unless that delete fails too, and then the failure says so.
 * A create never adopts a group that already exists: its clean-up would delete someone else's VM.
 */
public final class AzureVmProvider implements VmProvider {
    private static final Logger log = LoggerFactory.getLogger(AzureVmProvider.class);
    private static final Duration DEFAULT_POLL = Duration.ofSeconds(5);
    /** How long a VM whose create finished may take to report running before Labhand stops asking. */
    private static final Duration BOOT_WAIT = Duration.ofMinutes(5);
    private static final String HOST_KEY_SCRIPT = "cat /etc/ssh/ssh_host_ed25519_key.pub";

    private final ArmCalls arm;
    /** How long deleting the group after a failed create may take; what is not gone by then is named. */
    private Duration cleanUpLimit = Duration.ofMinutes(3);
    /** How long one operation may wait out ARM's throttling (429) in all, saying so; a longer Retry-After fails at once. */
    private Duration throttleLimit = Duration.ofSeconds(60);

    /**
     * For tests and callers that built their own HTTP pipeline (credential, retries, client) for a cloud
     * and subscription ({@code profile}); {@code pollInterval} applies when ARM sends no Retry-After.
     */
    public AzureVmProvider(HttpPipeline pipeline, AzureProfile profile, Duration pollInterval) {
        this(new ArmCalls(() -> ArmCalls.Clients.of(pipeline, profile), pollInterval));
    }

    private AzureVmProvider(ArmCalls arm) {
        this.arm = arm;
    }

    /**
     * Credentials from the standard chain (environment, managed identity, Azure CLI login); nothing is
     * built or contacted until the first operation. A blank subscription makes every operation fail as
     * {@link Kind#NOT_CONFIGURED} instead of failing at start-up.
     */
    public static AzureVmProvider fromEnvironment(String subscriptionId) {
        return new AzureVmProvider(ArmCalls.fromEnvironment(subscriptionId, DEFAULT_POLL));
    }

    /**
     * As {@link #fromEnvironment}, in the configured cloud: {@code environment} is {@code azure} (default),
     * {@code azure-china} or {@code azure-us-government}; {@code endpoint}, when set, is where ARM is (a loopback
     * address is a stand-in, sent no token). Bad values fail here, at start-up.
     */
    public static AzureVmProvider fromConfig(String subscriptionId, String environment, String endpoint) {
        return new AzureVmProvider(ArmCalls.fromConfig(subscriptionId, environment, endpoint, DEFAULT_POLL,
                ArmPipeline.ATTEMPT_TIMEOUT));
    }

    /** For tests: the same, with the poll interval and one HTTP attempt's limit given. */
    static AzureVmProvider fromConfig(String subscriptionId, String environment, String endpoint, Duration poll,
                                      Duration attempt) {
        return new AzureVmProvider(ArmCalls.fromConfig(subscriptionId, environment, endpoint, poll, attempt));
    }

    /** How long one operation may wait out ARM's throttling in all (60 s unless set). */
    public AzureVmProvider withThrottleLimit(Duration limit) {
        this.throttleLimit = limit;
        return this;
    }

    /** For tests: a shorter bound on the clean-up after a failed create. */
    AzureVmProvider withCleanUpLimit(Duration limit) {
        this.cleanUpLimit = limit;
        return this;
    }

    @Override
    public String id() {
        return "azure";
    }

    @Override
    public List<String> plan(VmRequest r) {
        return new AzureBodies(r).plan();
    }

    @Override
    public VmInfo create(VmRequest r, Progress progress) throws InterruptedException {
        AzureNames n = new AzureNames(r.name());
        AzureBodies bodies = new AzureBodies(r);
        String rg = n.resourceGroup();
        arm.throttled(progress, throttleLimit).call(c -> {
            if (c.groups().checkExistence(rg)) throw new CloudFailure(Kind.CONFLICT, "ResourceGroupExists", null);
            progress.report("+ resource group " + rg);
            return null;
        });
        createGroup(r, rg, bodies, progress);
        try {
            VirtualNetworkInner vnet = step(progress, "+ virtual network " + n.vnet(),
                    c -> c.network().getVirtualNetworks().beginCreateOrUpdateAsync(rg, n.vnet(), bodies.vnet()));
            NetworkSecurityGroupInner nsg = step(progress, "+ network security group " + n.nsg(),
                    c -> c.network().getNetworkSecurityGroups().beginCreateOrUpdateAsync(rg, n.nsg(), bodies.nsg()));
            PublicIpAddressInner ip = step(progress, "+ public IP " + n.publicIp(),
                    c -> c.network().getPublicIpAddresses().beginCreateOrUpdateAsync(rg, n.publicIp(), bodies.publicIp()));
            String subnetId = vnet.subnets().get(0).id();
            NetworkInterfaceInner nic = step(progress, "+ network interface " + n.nic(),
                    c -> c.network().getNetworkInterfaces().beginCreateOrUpdateAsync(rg, n.nic(),
                            bodies.nic(subnetId, nsg.id(), ip.id())));
            step(progress, "+ VM " + r.name(),
                    c -> c.compute().getVirtualMachines().beginCreateOrUpdateAsync(rg, r.name(), bodies.vm(nic.id())));
            step(progress, "~ OS disk " + n.osDisk() + ": tags",
                    c -> c.compute().getDisks().beginUpdateAsync(rg, n.osDisk(), bodies.osDiskTags()));
            return waitUntilBooted(ref(r));
        } catch (RuntimeException failure) {
            throw cleanUp(rg, AzureErrors.map(failure), progress);
        } catch (InterruptedException e) {
            abandon(rg);
            throw e;
        }
    }

    /**
     * Creates the group. When ARM's answer is lost (no answer even after the SDK's retries), the group is looked
     * up: one carrying this create's request-id tag was made by it and is used; else the failure stands.
     */
    private void createGroup(VmRequest r, String rg, AzureBodies bodies, Progress progress) throws InterruptedException {
        try {
            arm.throttled(progress, throttleLimit).call(c -> c.groups().createOrUpdate(rg, bodies.resourceGroup()));
        } catch (CloudFailure f) {
            if (r.requestId() == null || !(f.kind() == Kind.NETWORK || f.kind() == Kind.TIMEOUT || f.kind() == Kind.SERVER)) {
                throw f;
            }
            List<String> found;
            try {
                found = leftovers(new VmRef(id(), r.name(), r.region(), Map.of("requestId", r.requestId())));
            } catch (CloudFailure lookup) {
                throw f.withLeftBehind(List.of("resource group " + rg + " (if ARM made it)"));
            }
            if (found.isEmpty()) throw f;
            progress.report("~ ARM's answer was lost; found resource group " + rg + " by its request-id tag");
        }
    }

    @Override
    public VmInfo status(VmRef ref) {
        String rg = ref.id("resourceGroup");
        String vm = ref.id("vm");
        try {
            VirtualMachineInner inner = arm.query(c -> c.compute().getVirtualMachines()
                    .getByResourceGroupWithResponse(rg, vm, InstanceViewTypes.INSTANCE_VIEW, Context.NONE).getValue());
            VmState state = AzurePowerState.of(inner.instanceView() == null ? null : inner.instanceView().statuses());
            String size = inner.hardwareProfile() == null ? null : String.valueOf(inner.hardwareProfile().vmSize());
            return new VmInfo(ref, state, size, VirtualMachinePriorityTypes.SPOT.equals(inner.priority()),
                    publicIp(rg, vm), false);
        } catch (CloudFailure f) {
            if (f.kind() == Kind.NOT_FOUND) return new VmInfo(ref, VmState.DELETED, null, false, null, false);
            throw f;
        }
    }

    @Override
    public void start(VmRef ref, Progress progress) throws InterruptedException {
        step(progress, "~ VM " + ref.id("vm") + ": start",
                c -> c.compute().getVirtualMachines().beginStartAsync(ref.id("resourceGroup"), ref.id("vm")));
    }

    @Override
    public void stop(VmRef ref, Progress progress) throws InterruptedException {
        step(progress, "~ VM " + ref.id("vm") + ": power off",
                c -> c.compute().getVirtualMachines().beginPowerOffAsync(ref.id("resourceGroup"), ref.id("vm")));
    }

    @Override
    public void deallocate(VmRef ref, Progress progress) throws InterruptedException {
        step(progress, "~ VM " + ref.id("vm") + ": deallocate",
                c -> c.compute().getVirtualMachines().beginDeallocateAsync(ref.id("resourceGroup"), ref.id("vm")));
    }

    @Override
    public void delete(VmRef ref, Progress progress) throws InterruptedException {
        deleteGroup(ref.id("resourceGroup"), progress);
    }

    @Override
    public boolean located(VmRef ref) {
        return ref.ids().containsKey("vm");
    }

    /** The VM's resource group, if it exists and carries this create's request-id tag (or, without one, managed-by). */
    @Override
    public List<String> leftovers(VmRef ref) {
        String rg = new AzureNames(ref.name()).resourceGroup();
        try {
            Map<String, String> tags = arm.query(c -> c.groups().get(rg)).tags();
            return ours(ref, tags == null ? Map.of() : tags) ? List.of("resource group " + rg) : List.of();
        } catch (CloudFailure f) {
            if (f.kind() == Kind.NOT_FOUND) return List.of();
            throw f;
        }
    }

    @Override
    public List<String> removeLeftovers(VmRef ref, Progress progress) throws InterruptedException {
        List<String> found = leftovers(ref);
        if (found.isEmpty()) return found;
        String rg = new AzureNames(ref.name()).resourceGroup();
        try {
            deleteGroup(rg, progress, cleanUpLimit);
            return found;
        } catch (CloudFailure f) {
            throw f.withCleanUp(List.of(), found);
        }
    }

    private static boolean ours(VmRef ref, Map<String, String> tags) {
        String request = ref.ids().get("requestId");
        return request != null ? request.equals(tags.get(VmRequest.REQUEST_TAG)) : "labhand".equals(tags.get("managed-by"));
    }

    /** Asks the VM agent to print the key file; a line that does not parse as an ed25519 key is ignored. */
    @Override
    public Optional<String> hostKey(VmRef ref) throws InterruptedException {
        if (status(ref).state() != VmState.RUNNING) return Optional.empty();
        RunCommandInput script = new RunCommandInput().withCommandId("RunShellScript").withScript(List.of(HOST_KEY_SCRIPT));
        RunCommandResultInner result = arm.await(c -> c.compute().getVirtualMachines()
                .beginRunCommandAsync(ref.id("resourceGroup"), ref.id("vm"), script));
        if (result == null || result.value() == null) return Optional.empty();
        return result.value().stream()
                .map(InstanceViewStatus::message)
                .filter(Objects::nonNull)
                .flatMap(String::lines)
                .map(String::strip)
                .filter(line -> line.startsWith("ssh-ed25519 ") && isKey(line))
                .findFirst();
    }

    @Override
    public VmCommands commands() {
        return new AzureCommands();
    }

    private VmRef ref(VmRequest r) {
        Map<String, String> ids = new java.util.TreeMap<>(
                Map.of("resourceGroup", new AzureNames(r.name()).resourceGroup(), "vm", r.name()));
        if (r.requestId() != null) ids.put("requestId", r.requestId());
        return new VmRef(id(), r.name(), r.region(), ids);
    }

    /** Create usually ends with the VM running; a slow boot is waited for, any other state is reported as it is. */
    private VmInfo waitUntilBooted(VmRef ref) throws InterruptedException {
        Instant deadline = Instant.now().plus(BOOT_WAIT);
        VmInfo info = status(ref);
        while ((info.state() == VmState.PROVISIONING || info.state() == VmState.STARTING) && Instant.now().isBefore(deadline)) {
            Thread.sleep(arm.pollInterval().toMillis());
            info = status(ref);
        }
        return info;
    }

    private String publicIp(String rg, String vm) {
        try {
            return arm.query(c -> c.network().getPublicIpAddresses()
                    .getByResourceGroup(rg, new AzureNames(vm).publicIp()).ipAddress());
        } catch (CloudFailure f) {
            if (f.kind() == Kind.NOT_FOUND) return null;
            throw f;
        }
    }

    private void deleteGroup(String rg, Progress progress) throws InterruptedException {
        deleteGroup(rg, progress, null);
    }

    private void deleteGroup(String rg, Progress progress, Duration limit) throws InterruptedException {
        try {
            progress.report("- resource group " + rg);
            arm.throttled(progress, throttleLimit).await(c -> c.groups().beginDeleteAsync(rg), limit);
        } catch (CloudFailure f) {
            if (f.kind() != Kind.NOT_FOUND) throw f;
        }
    }

    private CloudFailure cleanUp(String rg, CloudFailure failure, Progress progress) throws InterruptedException {
        log.warn("Azure create in {} failed ({}); deleting the group", rg, failure.getMessage(), failure.getCause());
        try {
            deleteGroup(rg, progress, cleanUpLimit);
            return failure.withCleanUp(List.of("resource group " + rg + " (and all in it)"), List.of());
        } catch (CloudFailure cleanup) {
            log.error("Could not delete {} after a failed create", rg, cleanup.getCause());
            return failure.withLeftBehind(List.of("resource group " + rg));
        }
    }

    /** An interrupted create still must not leave a billed VM: start the group delete without waiting for it. */
    private void abandon(String rg) {
        try {
            arm.query(c -> c.groups().beginDelete(rg));
        } catch (CloudFailure f) {
            log.error("Could not start deleting {} after an interrupted create", rg, f.getCause());
        }
    }

    /** Reports {@code line}, then starts the operation and waits for its result. */
    private <T> T step(Progress progress, String line,
                       Function<ArmCalls.Clients, PollerFlux<PollResult<T>, T>> begin)
            throws InterruptedException {
        progress.report(line);
        return arm.throttled(progress, throttleLimit).await(begin);
    }

    private static boolean isKey(String line) {
        try {
            SshPublicKey.parse(line);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
