package dev.labhand.vm;

import dev.labhand.tool.Progress;
import java.util.List;
import java.util.Optional;

/**
 * One cloud that can host course VMs. Implementations talk to the cloud's own SDK and nothing else:
 * arguments have been validated against the size table before they get here, and every failure is a
 * {@link CloudFailure} (never a raw SDK exception), with anything a failed create could not clean up
 * listed in it.
 */
public interface VmProvider {
    /** {@code azure} or {@code aws}. */
    String id();

    /** What {@link #create} would make, one line per resource, without calling the cloud. */
    List<String> plan(VmRequest request);

    /**
     * Creates everything the VM needs (network rules allowing only SSH, the VM with cloud-init) and
     * waits until the cloud reports it running. On failure it removes what it made, then throws.
     */
    VmInfo create(VmRequest request, Progress progress) throws InterruptedException;

    /** The VM as the cloud sees it now; {@link VmState#DELETED} when it is gone. */
    VmInfo status(VmRef vm);

    void start(VmRef vm, Progress progress) throws InterruptedException;

    /** Stops the guest OS. On Azure the compute is still billed until {@link #deallocate}. */
    void stop(VmRef vm, Progress progress) throws InterruptedException;

    /** Releases the compute (Azure). Providers without the distinction stop the VM. */
    void deallocate(VmRef vm, Progress progress) throws InterruptedException;

    /** Deletes the VM and everything {@link #create} made for it; deleting a VM that is gone is not an error. */
    void delete(VmRef vm, Progress progress) throws InterruptedException;

    /**
     * Whether {@code vm} names a VM in the cloud (a create that finished recorded its ids); a record of a create
     * that failed or was cut short holds only its request id, and then only {@link #leftovers} can find anything.
     */
    boolean located(VmRef vm);

    /**
     * What the cloud holds that the create recorded as {@code vm} made, found by its request-id tag (or, for a record
     * without one, by name), each named ({@code instance i-0...}); empty when nothing is known to belong to it.
     */
    List<String> leftovers(VmRef vm);

    /**
     * Removes {@link #leftovers} and returns what it removed; a CloudFailure names what it could not remove in
     * {@link CloudFailure#leftBehind()}. Bounded in time like a failed create's clean-up.
     */
    List<String> removeLeftovers(VmRef vm, Progress progress) throws InterruptedException;

    /**
     * The VM's SSH host public key (an OpenSSH line, ed25519 preferred) as the cloud reports it, e.g. from
     * the console output cloud-init writes or a run-command; empty while the VM is still booting.
     */
    Optional<String> hostKey(VmRef vm) throws InterruptedException;

    /** The equivalent CLI commands (teaching mode). */
    VmCommands commands();
}
