package dev.labhand.vm;

/**
 * A VM as its cloud reports it.
 *
 * @param publicIp the address SSH reaches, or null while it has none
 * @param evicted  the cloud took a spot VM back (AWS says so; on Azure a spot VM found deallocated
 *                 without Labhand asking is taken as evicted by the caller)
 */
public record VmInfo(VmRef ref, VmState state, String size, boolean spot, String publicIp, boolean evicted) {}
