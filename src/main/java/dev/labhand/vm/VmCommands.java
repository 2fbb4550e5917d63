package dev.labhand.vm;

/** The {@code az} / {@code aws} command a learner would type for each VM operation (teaching mode). */
public interface VmCommands {
    /** Creating the VM; {@code cloudInitFile} names the cloud-init file as the learner would pass it. */
    String create(VmRequest request, String cloudInitFile);

    String status(VmRef vm);

    String start(VmRef vm);

    String stop(VmRef vm);

    String deallocate(VmRef vm);

    String delete(VmRef vm);

    /** Finding what a create that never recorded a cloud id made, by its request-id tag (or its name). */
    String findByTags(VmRef vm);
}
