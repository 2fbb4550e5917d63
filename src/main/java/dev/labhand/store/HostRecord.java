package dev.labhand.store;

import java.time.Instant;
import java.util.Map;

/**
 * A Docker host other than the bot's own engine: a cloud VM Labhand created ({@code azure}, {@code aws})
 * or an SSH host an instructor registered ({@code ssh}).
 *
 * @param ids         the provider's ids for the VM (see {@code vm.VmRef}); empty for ssh hosts
 * @param hostKey     the SSH host key recorded from the provider's output (or given when registering);
 *                    null until known: such a host cannot be contacted
 * @param state       the power state Labhand last saw or asked for (a {@code vm.VmState} id)
 * @param stateReason why it is in that state when Labhand did not ask: {@code evicted}, {@code idle}
 * @param idleSince   when the host last had no running workspace, null while it has one
 */
public record HostRecord(String name, String provider, String ownerId, String region, String size, boolean spot,
                         Map<String, String> ids, String address, int sshPort, String sshUser, String hostKey,
                         String state, String stateReason, Instant idleSince, Instant idleWarnedAt,
                         Instant createdAt, Instant updatedAt) {
    public static final String LOCAL = "local";

    public HostRecord {
        ids = ids == null ? Map.of() : Map.copyOf(ids);
    }

    public boolean isVm() {
        return provider.equals("azure") || provider.equals("aws");
    }

    public HostRecord withState(String next, String reason) {
        return new HostRecord(name, provider, ownerId, region, size, spot, ids, address, sshPort, sshUser, hostKey,
                next, reason, idleSince, idleWarnedAt, createdAt, updatedAt);
    }

    public HostRecord withAddress(String nextAddress) {
        return new HostRecord(name, provider, ownerId, region, size, spot, ids, nextAddress, sshPort, sshUser, hostKey,
                state, stateReason, idleSince, idleWarnedAt, createdAt, updatedAt);
    }

    public HostRecord withIds(Map<String, String> nextIds) {
        return new HostRecord(name, provider, ownerId, region, size, spot, nextIds, address, sshPort, sshUser, hostKey,
                state, stateReason, idleSince, idleWarnedAt, createdAt, updatedAt);
    }
}
