package dev.labhand.vm.azure;

import com.azure.resourcemanager.compute.models.InstanceViewStatus;
import dev.labhand.vm.VmState;
import java.util.List;

/**
 * Reads a VM's instance view statuses ({@code ProvisioningState/succeeded}, {@code PowerState/running})
 * as a {@link VmState}. Azure has no "evicted" power state: an evicted spot VM is simply deallocated.
 */
final class AzurePowerState {
    private AzurePowerState() {
    }

    static VmState of(List<InstanceViewStatus> statuses) {
        if (statuses == null) return VmState.UNKNOWN;
        boolean provisioning = false;
        for (InstanceViewStatus s : statuses) {
            String code = s.code() == null ? "" : s.code().toLowerCase();
            if (code.startsWith("powerstate/")) return power(code.substring("powerstate/".length()));
            if (code.equals("provisioningstate/creating") || code.equals("provisioningstate/updating")) provisioning = true;
        }
        return provisioning ? VmState.PROVISIONING : VmState.UNKNOWN;
    }

    private static VmState power(String state) {
        return switch (state) {
            case "starting" -> VmState.STARTING;
            case "running" -> VmState.RUNNING;
            case "stopping", "deallocating" -> VmState.STOPPING;
            case "stopped" -> VmState.STOPPED;
            case "deallocated" -> VmState.DEALLOCATED;
            default -> VmState.UNKNOWN;
        };
    }
}
