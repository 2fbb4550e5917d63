package dev.labhand.vm.azure;

/**
 * The names of everything Labhand makes for one VM, derived from the course name alone, so a
 * {@link dev.labhand.vm.VmRef} needs only the group and VM name to find the rest again.
 */
record AzureNames(String vm) {
    /** The VM's own virtual network inside Azure (a request body value; nothing here connects to it). */
    static final String VNET_RANGE = "10.42.0.0/16";
    static final String SUBNET = "default";
    static final String SUBNET_RANGE = "10.42.0.0/24";

    String resourceGroup() {
        return "labhand-" + vm;
    }

    String vnet() {
        return vm + "-vnet";
    }

    String nsg() {
        return vm + "-nsg";
    }

    String publicIp() {
        return vm + "-ip";
    }

    String nic() {
        return vm + "-nic";
    }

    String osDisk() {
        return vm + "-osdisk";
    }
}
