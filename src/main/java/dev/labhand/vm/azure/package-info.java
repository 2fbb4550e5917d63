/**
 * The Azure {@link dev.labhand.vm.VmProvider}: one resource group per VM holding its network, firewall,
 * address, NIC and VM, so removing a VM is one group delete. This is the only package that imports the
 * Azure SDK; everything leaving it is a Labhand value or a {@link dev.labhand.vm.CloudFailure}. To change
 * what a VM is made of, edit {@code AzureBodies} (and the matching line in {@code AzureCommands}).
 */
package dev.labhand.vm.azure;
