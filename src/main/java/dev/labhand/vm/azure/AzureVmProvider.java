package dev.labhand.vm.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.core.util.Context;
import com.azure.core.util.polling.SyncPoller;
import com.azure.resourcemanager.AzureResourceManager;
import com.azure.resourcemanager.compute.fluent.ComputeManagementClient;
import com.azure.resourcemanager.compute.fluent.models.RunCommandResultInner;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineInner;
import com.azure.resourcemanager.compute.models.InstanceViewStatus;
import com.azure.resourcemanager.compute.models.InstanceViewTypes;
import com.azure.resourcemanager.compute.models.RunCommandInput;
import com.azure.resourcemanager.compute.models.VirtualMachinePriorityTypes;
import com.azure.resourcemanager.network.fluent.NetworkManagementClient;
import com.azure.resourcemanager.network.fluent.models.NetworkInterfaceInner;
import com.azure.resourcemanager.network.fluent.models.NetworkSecurityGroupInner;
import com.azure.resourcemanager.network.fluent.models.PublicIpAddressInner;
import com.azure.resourcemanager.network.fluent.models.VirtualNetworkInner;
import com.azure.resourcemanager.resources.fluent.ResourceGroupsClient;
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
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Course VMs on Azure, one resource group each ({@code labhand-<name>}), made through the SDK's generated
 * clients so every request body is the one {@link AzureBodies} wrote and every long-running operation is
 * polled at the interval given here when ARM suggests none. A create that fails part-way deletes the
 * group, so nothing billable stays behind unless that delete fails too, and then the failure says so.
 */
public final class AzureVmProvider implements VmProvider {
    private static final Logger log = LoggerFactory.getLogger(AzureVmProvider.class);
    private static final Duration DEFAULT_POLL = Duration.ofSeconds(5);
    /** How long a VM whose create finished may take to report running before Labhand stops asking. */
    private static final Duration BOOT_WAIT = Duration.ofMinutes(5);
    private static final String HOST_KEY_SCRIPT = "cat /etc/ssh/ssh_host_ed25519_key.pub";

    private final Supplier<AzureResourceManager> connect;
    private final Duration pollInterval;
    private AzureResourceManager arm;

    /** For tests and callers that built their own client; {@code pollInterval} applies when ARM sends no Retry-After. */
    public AzureVmProvider(AzureResourceManager arm, Duration pollInterval) {
        this(() -> arm, pollInterval);
    }

    private AzureVmProvider(Supplier<AzureResourceManager> connect, Duration pollInterval) {
        this.connect = connect;
        this.pollInterval = pollInterval;
    }

    /**
     * Credentials from the standard chain (environment, managed identity, Azure CLI login); nothing is
     * contacted until the first operation. A blank subscription makes every operation fail as
     * {@link Kind#NOT_CONFIGURED} instead of failing at start-up.
     */
    public static AzureVmProvider fromEnvironment(String subscriptionId) {
        if (subscriptionId == null || subscriptionId.isBlank()) {
            return new AzureVmProvider(() -> {
                throw new CloudFailure(Kind.NOT_CONFIGURED, "AZURE_SUBSCRIPTION_ID", null);
            }, DEFAULT_POLL);
        }
        return new AzureVmProvider(() -> AzureResourceManager
                .authenticate(defaultCredential(), new AzureProfile(null, subscriptionId, AzureEnvironment.AZURE))
                .withSubscription(subscriptionId), DEFAULT_POLL);
    }

    /**
     * azure-identity's DefaultAzureCredential, looked up by name: the jar is pinned in the pom but not yet a
     * declared dependency, and without it every operation fails as {@link Kind#NOT_CONFIGURED} rather than
     * the bot failing to start. Once it is declared this becomes {@code new DefaultAzureCredentialBuilder().build()}.
     */
    private static TokenCredential defaultCredential() {
        try {
            Class<?> builder = Class.forName("com.azure.identity.DefaultAzureCredentialBuilder");
            return (TokenCredential) builder.getMethod("build").invoke(builder.getConstructor().newInstance());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new CloudFailure(Kind.NOT_CONFIGURED, "azure-identity", e);
        }
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
        call(arm -> {
            ResourceGroupsClient groups = groups(arm);
            if (groups.checkExistence(rg)) throw new CloudFailure(Kind.CONFLICT, "ResourceGroupExists", null);
            progress.report("+ resource group " + rg);
            return groups.createOrUpdate(rg, bodies.resourceGroup());
        });
        try {
            VirtualNetworkInner vnet = step(progress, "+ virtual network " + n.vnet(),
                    arm -> network(arm).getVirtualNetworks().beginCreateOrUpdate(rg, n.vnet(), bodies.vnet()));
            NetworkSecurityGroupInner nsg = step(progress, "+ network security group " + n.nsg(),
                    arm -> network(arm).getNetworkSecurityGroups().beginCreateOrUpdate(rg, n.nsg(), bodies.nsg()));
            PublicIpAddressInner ip = step(progress, "+ public IP " + n.publicIp(),
                    arm -> network(arm).getPublicIpAddresses().beginCreateOrUpdate(rg, n.publicIp(), bodies.publicIp()));
            String subnetId = vnet.subnets().get(0).id();
            NetworkInterfaceInner nic = step(progress, "+ network interface " + n.nic(),
                    arm -> network(arm).getNetworkInterfaces().beginCreateOrUpdate(rg, n.nic(),
                            bodies.nic(subnetId, nsg.id(), ip.id())));
            step(progress, "+ VM " + r.name(),
                    arm -> compute(arm).getVirtualMachines().beginCreateOrUpdate(rg, r.name(), bodies.vm(nic.id())));
            step(progress, "~ OS disk " + n.osDisk() + ": tags",
                    arm -> compute(arm).getDisks().beginUpdate(rg, n.osDisk(), bodies.osDiskTags()));
            return waitUntilBooted(ref(r));
        } catch (CloudFailure failure) {
            throw cleanUp(rg, failure, progress);
        } catch (InterruptedException e) {
            abandon(rg);
            throw e;
        }
    }

    @Override
    public VmInfo status(VmRef ref) {
        String rg = ref.id("resourceGroup");
        String vm = ref.id("vm");
        try {
            VirtualMachineInner inner = query(arm -> compute(arm).getVirtualMachines()
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
                arm -> compute(arm).getVirtualMachines().beginStart(ref.id("resourceGroup"), ref.id("vm")));
    }

    @Override
    public void stop(VmRef ref, Progress progress) throws InterruptedException {
        step(progress, "~ VM " + ref.id("vm") + ": power off",
                arm -> compute(arm).getVirtualMachines().beginPowerOff(ref.id("resourceGroup"), ref.id("vm")));
    }

    @Override
    public void deallocate(VmRef ref, Progress progress) throws InterruptedException {
        step(progress, "~ VM " + ref.id("vm") + ": deallocate",
                arm -> compute(arm).getVirtualMachines().beginDeallocate(ref.id("resourceGroup"), ref.id("vm")));
    }

    @Override
    public void delete(VmRef ref, Progress progress) throws InterruptedException {
        deleteGroup(ref.id("resourceGroup"), progress);
    }

    @Override
    public Optional<String> hostKey(VmRef ref) throws InterruptedException {
        if (status(ref).state() != VmState.RUNNING) return Optional.empty();
        RunCommandInput script = new RunCommandInput().withCommandId("RunShellScript").withScript(List.of(HOST_KEY_SCRIPT));
        RunCommandResultInner result = await(arm -> compute(arm).getVirtualMachines()
                .beginRunCommand(ref.id("resourceGroup"), ref.id("vm"), script));
        if (result == null || result.value() == null) return Optional.empty();
        return result.value().stream()
                .map(InstanceViewStatus::message)
                .filter(m -> m != null)
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
        return new VmRef(id(), r.name(), r.region(),
                Map.of("resourceGroup", new AzureNames(r.name()).resourceGroup(), "vm", r.name()));
    }

    /** Create usually ends with the VM running; a slow boot is waited for, any other state is reported as it is. */
    private VmInfo waitUntilBooted(VmRef ref) throws InterruptedException {
        Instant deadline = Instant.now().plus(BOOT_WAIT);
        VmInfo info = status(ref);
        while ((info.state() == VmState.PROVISIONING || info.state() == VmState.STARTING) && Instant.now().isBefore(deadline)) {
            Thread.sleep(pollInterval.toMillis());
            info = status(ref);
        }
        return info;
    }

    private String publicIp(String rg, String vm) {
        try {
            return query(arm -> network(arm).getPublicIpAddresses()
                    .getByResourceGroup(rg, new AzureNames(vm).publicIp()).ipAddress());
        } catch (CloudFailure f) {
            if (f.kind() == Kind.NOT_FOUND) return null;
            throw f;
        }
    }

    private void deleteGroup(String rg, Progress progress) throws InterruptedException {
        try {
            step(progress, "- resource group " + rg, arm -> groups(arm).beginDelete(rg));
        } catch (CloudFailure f) {
            if (f.kind() != Kind.NOT_FOUND) throw f;
        }
    }

    private CloudFailure cleanUp(String rg, CloudFailure failure, Progress progress) throws InterruptedException {
        log.warn("Azure create in {} failed ({}); deleting the group", rg, failure.getMessage(), failure.getCause());
        try {
            deleteGroup(rg, progress);
            return failure;
        } catch (CloudFailure cleanup) {
            log.error("Could not delete {} after a failed create", rg, cleanup.getCause());
            return failure.withLeftBehind(List.of("resource group " + rg));
        }
    }

    /** An interrupted create still must not leave a billed VM: start the group delete without waiting for it. */
    private void abandon(String rg) {
        try {
            query(arm -> groups(arm).beginDelete(rg));
        } catch (CloudFailure f) {
            log.error("Could not start deleting {} after an interrupted create", rg, f.getCause());
        } finally {
            Thread.currentThread().interrupt();
        }
    }

    /** Reports {@code line}, then starts the operation and waits for its result. */
    private <T> T step(Progress progress, String line, ArmCall<SyncPoller<?, T>> begin) throws InterruptedException {
        progress.report(line);
        return await(begin);
    }

    private <T> T await(ArmCall<SyncPoller<?, T>> begin) throws InterruptedException {
        return call(arm -> begin.apply(arm).setPollInterval(pollInterval).getFinalResult());
    }

    private <T> T call(ArmCall<T> op) throws InterruptedException {
        try {
            return op.apply(client());
        } catch (RuntimeException e) {
            if (AzureErrors.interrupted(e)) throw new InterruptedException("Azure call interrupted");
            throw AzureErrors.map(e);
        }
    }

    /** For calls that cannot report an interrupt: it is kept as the thread's flag and reported as NETWORK. */
    private <T> T query(ArmCall<T> op) {
        try {
            return op.apply(client());
        } catch (RuntimeException e) {
            if (!AzureErrors.interrupted(e)) throw AzureErrors.map(e);
            Thread.currentThread().interrupt();
            throw new CloudFailure(Kind.NETWORK, null, e);
        }
    }

    private synchronized AzureResourceManager client() {
        if (arm == null) arm = connect.get();
        return arm;
    }

    private static ResourceGroupsClient groups(AzureResourceManager arm) {
        return arm.resourceGroups().manager().serviceClient().getResourceGroups();
    }

    private static NetworkManagementClient network(AzureResourceManager arm) {
        return arm.networks().manager().serviceClient();
    }

    private static ComputeManagementClient compute(AzureResourceManager arm) {
        return arm.virtualMachines().manager().serviceClient();
    }

    private static boolean isKey(String line) {
        try {
            SshPublicKey.parse(line);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @FunctionalInterface
    private interface ArmCall<T> {
        T apply(AzureResourceManager arm);
    }
}
