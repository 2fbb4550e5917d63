package dev.labhand.vm;

/** A VM's power state, the same words for every provider. */
public enum VmState {
    PROVISIONING, STARTING, RUNNING, STOPPING,
    /** The guest is off; on Azure the compute is still billed. */
    STOPPED,
    /** The compute is released (Azure deallocated); only disks are billed. */
    DEALLOCATED,
    DELETED, UNKNOWN;

    public String id() {
        return name().toLowerCase();
    }
}
