package dev.labhand.ops;

import dev.labhand.config.LabhandConfig;
import dev.labhand.store.HostRecord;
import dev.labhand.vm.CloudCatalog;
import java.util.Optional;
import java.util.Set;

/**
 * What a host costs per hour while it is billed: a cloud VM from the price tables (config/clouds) at the price
 * it was created with (spot or on-demand), an SSH host or {@code local} from {@code budgets.hostHourly}.
 */
final class HostPrices {
    /** Compute is billed in these states; Azure also bills a VM that is only stopped, not deallocated. */
    private static final Set<String> BILLED = Set.of("provisioning", "starting", "running", "stopping");

    /** USD per hour: what is billed, and the same hour on demand and as spot (the teaching line). */
    record Rate(double billed, double onDemand, double spot) {}

    private final CloudCatalog clouds;
    private final LabhandConfig.Budgets budgets;

    HostPrices(CloudCatalog clouds, LabhandConfig.Budgets budgets) {
        this.clouds = clouds;
        this.budgets = budgets;
    }

    /** The host's rate while in its current state; empty when it costs nothing now (deallocated, unpriced). */
    Optional<Rate> billedNow(HostRecord host) {
        Double fixed = budgets.hostHourly().get(host.name());
        if (!host.isVm()) {
            return fixed == null || host.state().equals("deleted") ? Optional.empty()
                    : Optional.of(new Rate(fixed, fixed, fixed));
        }
        boolean billed = BILLED.contains(host.state()) || (host.state().equals("stopped") && host.provider().equals("azure"));
        if (!billed) return Optional.empty();
        if (fixed != null) return Optional.of(new Rate(fixed, fixed, fixed));
        return clouds.cloud(host.provider()).flatMap(c -> c.size(host.size()))
                .map(s -> new Rate(s.hourly(host.spot()), s.onDemand(), s.spot()));
    }

    /** {@code local} when an hourly price is configured for it. */
    Optional<Rate> local() {
        Double fixed = budgets.hostHourly().get(HostRecord.LOCAL);
        return fixed == null ? Optional.empty() : Optional.of(new Rate(fixed, fixed, fixed));
    }
}
