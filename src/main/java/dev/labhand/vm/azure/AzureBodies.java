package dev.labhand.vm.azure;

import com.azure.resourcemanager.compute.fluent.models.VirtualMachineInner;
import com.azure.resourcemanager.compute.models.BillingProfile;
import com.azure.resourcemanager.compute.models.CachingTypes;
import com.azure.resourcemanager.compute.models.DiskCreateOptionTypes;
import com.azure.resourcemanager.compute.models.DiskUpdate;
import com.azure.resourcemanager.compute.models.HardwareProfile;
import com.azure.resourcemanager.compute.models.ImageReference;
import com.azure.resourcemanager.compute.models.LinuxConfiguration;
import com.azure.resourcemanager.compute.models.ManagedDiskParameters;
import com.azure.resourcemanager.compute.models.NetworkInterfaceReference;
import com.azure.resourcemanager.compute.models.NetworkProfile;
import com.azure.resourcemanager.compute.models.OSDisk;
import com.azure.resourcemanager.compute.models.OSProfile;
import com.azure.resourcemanager.compute.models.SshConfiguration;
import com.azure.resourcemanager.compute.models.StorageAccountTypes;
import com.azure.resourcemanager.compute.models.StorageProfile;
import com.azure.resourcemanager.compute.models.VirtualMachineEvictionPolicyTypes;
import com.azure.resourcemanager.compute.models.VirtualMachinePriorityTypes;
import com.azure.resourcemanager.compute.models.VirtualMachineSizeTypes;
import com.azure.resourcemanager.network.fluent.models.NetworkInterfaceInner;
import com.azure.resourcemanager.network.fluent.models.NetworkInterfaceIpConfigurationInner;
import com.azure.resourcemanager.network.fluent.models.NetworkSecurityGroupInner;
import com.azure.resourcemanager.network.fluent.models.PublicIpAddressInner;
import com.azure.resourcemanager.network.fluent.models.SecurityRuleInner;
import com.azure.resourcemanager.network.fluent.models.SubnetInner;
import com.azure.resourcemanager.network.fluent.models.VirtualNetworkInner;
import com.azure.resourcemanager.network.models.AddressSpace;
import com.azure.resourcemanager.network.models.IpAllocationMethod;
import com.azure.resourcemanager.network.models.IpVersion;
import com.azure.resourcemanager.network.models.PublicIpAddressSku;
import com.azure.resourcemanager.network.models.PublicIpAddressSkuName;
import com.azure.resourcemanager.network.models.SecurityRuleAccess;
import com.azure.resourcemanager.network.models.SecurityRuleDirection;
import com.azure.resourcemanager.network.models.SecurityRuleProtocol;
import com.azure.resourcemanager.resources.fluent.models.ResourceGroupInner;
import dev.labhand.vm.VmRequest;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * The ARM request bodies for one VM, written out field by field rather than through the fluent
 * builders, so each PUT carries exactly what {@link #plan} promises (one inbound rule, no password, the
 * tags) and nothing the SDK adds on its own.
 */
final class AzureBodies {
    static final String PUBLISHER = "Canonical";
    static final String OFFER = "0001-com-ubuntu-server-jammy";
    static final String SKU = "22_04-lts-gen2";
    /** Azure's "pay up to the on-demand price" for spot. */
    static final double NO_PRICE_CAP = -1;

    private final VmRequest request;
    private final AzureNames names;

    AzureBodies(VmRequest request) {
        this.request = request;
        this.names = new AzureNames(request.name());
    }

    /** One line per resource {@link #resourceGroup()} to {@link #vm} describe, in the order they are made. */
    List<String> plan() {
        String pricing = !request.spot() ? "on-demand"
                : "spot max " + (request.maxPrice() == null ? "on-demand price" : dollars(request.maxPrice()) + "/h")
                        + ", evict → deallocate";
        return List.of(
                "resource group " + names.resourceGroup() + " (" + request.region() + ")",
                "virtual network " + names.vnet() + ": " + AzureNames.VNET_RANGE + ", subnet " + AzureNames.SUBNET
                        + " " + AzureNames.SUBNET_RANGE,
                "network security group " + names.nsg() + ": inbound TCP 22 from " + request.sshSource(),
                "public IP " + names.publicIp() + ": static, Standard SKU",
                "network interface " + names.nic(),
                "VM " + request.name() + ": " + request.size() + ", " + pricing + ", " + request.diskGb()
                        + " GB disk, Ubuntu 22.04");
    }

    ResourceGroupInner resourceGroup() {
        return new ResourceGroupInner().withLocation(request.region()).withTags(request.tags());
    }

    VirtualNetworkInner vnet() {
        VirtualNetworkInner vnet = new VirtualNetworkInner()
                .withAddressSpace(new AddressSpace().withAddressPrefixes(List.of(AzureNames.VNET_RANGE)))
                .withSubnets(List.of(new SubnetInner().withName(AzureNames.SUBNET).withAddressPrefix(AzureNames.SUBNET_RANGE)));
        vnet.withLocation(request.region()).withTags(request.tags());
        return vnet;
    }

    NetworkSecurityGroupInner nsg() {
        SecurityRuleInner ssh = new SecurityRuleInner()
                .withName("ssh")
                .withDirection(SecurityRuleDirection.INBOUND)
                .withAccess(SecurityRuleAccess.ALLOW)
                .withProtocol(SecurityRuleProtocol.TCP)
                .withSourceAddressPrefix(request.sshSource())
                .withSourcePortRange("*")
                .withDestinationAddressPrefix("*")
                .withDestinationPortRange("22")
                .withPriority(1000);
        NetworkSecurityGroupInner nsg = new NetworkSecurityGroupInner().withSecurityRules(List.of(ssh));
        nsg.withLocation(request.region()).withTags(request.tags());
        return nsg;
    }

    PublicIpAddressInner publicIp() {
        PublicIpAddressInner ip = new PublicIpAddressInner()
                .withSku(new PublicIpAddressSku().withName(PublicIpAddressSkuName.STANDARD))
                .withPublicIpAllocationMethod(IpAllocationMethod.STATIC)
                .withPublicIpAddressVersion(IpVersion.IPV4);
        ip.withLocation(request.region()).withTags(request.tags());
        return ip;
    }

    NetworkInterfaceInner nic(String subnetId, String nsgId, String publicIpId) {
        NetworkInterfaceIpConfigurationInner config = new NetworkInterfaceIpConfigurationInner()
                .withName("ipconfig1")
                .withPrimary(true)
                .withPrivateIpAllocationMethod(IpAllocationMethod.DYNAMIC)
                .withSubnet(new SubnetInner().withId(subnetId))
                .withPublicIpAddress(new PublicIpAddressInner().withId(publicIpId));
        NetworkInterfaceInner nic = new NetworkInterfaceInner()
                .withIpConfigurations(List.of(config))
                .withNetworkSecurityGroup(new NetworkSecurityGroupInner().withId(nsgId));
        nic.withLocation(request.region()).withTags(request.tags());
        return nic;
    }

    VirtualMachineInner vm(String nicId) {
        String user = request.adminUser();
        OSProfile os = new OSProfile()
                .withComputerName(request.name())
                .withAdminUsername(user)
                .withCustomData(Base64.getEncoder().encodeToString(request.cloudInit().getBytes(StandardCharsets.UTF_8)))
                .withLinuxConfiguration(new LinuxConfiguration()
                        .withDisablePasswordAuthentication(true)
                        .withSsh(new SshConfiguration().withPublicKeys(List.of(
                                new com.azure.resourcemanager.compute.models.SshPublicKey()
                                        .withPath("/home/" + user + "/.ssh/authorized_keys")
                                        .withKeyData(request.sshPublicKey())))));
        StorageProfile storage = new StorageProfile()
                .withImageReference(new ImageReference()
                        .withPublisher(PUBLISHER).withOffer(OFFER).withSku(SKU).withVersion("latest"))
                .withOsDisk(new OSDisk()
                        .withName(names.osDisk())
                        .withCreateOption(DiskCreateOptionTypes.FROM_IMAGE)
                        .withCaching(CachingTypes.READ_WRITE)
                        .withDiskSizeGB(request.diskGb())
                        .withManagedDisk(new ManagedDiskParameters().withStorageAccountType(StorageAccountTypes.STANDARD_SSD_LRS)));
        VirtualMachineInner vm = new VirtualMachineInner()
                .withHardwareProfile(new HardwareProfile().withVmSize(VirtualMachineSizeTypes.fromString(request.size())))
                .withStorageProfile(storage)
                .withOsProfile(os)
                .withNetworkProfile(new NetworkProfile().withNetworkInterfaces(List.of(
                        new NetworkInterfaceReference().withPrimary(true).withId(nicId))));
        if (request.spot()) {
            vm.withPriority(VirtualMachinePriorityTypes.SPOT)
                    .withEvictionPolicy(VirtualMachineEvictionPolicyTypes.DEALLOCATE)
                    .withBillingProfile(new BillingProfile()
                            .withMaxPrice(request.maxPrice() == null ? NO_PRICE_CAP : request.maxPrice()));
        } else {
            vm.withPriority(VirtualMachinePriorityTypes.REGULAR);
        }
        vm.withLocation(request.region()).withTags(request.tags());
        return vm;
    }

    /** {@code $0.20}, {@code $0.135}: cents always shown, nothing rounded away. */
    private static String dollars(double usd) {
        BigDecimal d = BigDecimal.valueOf(usd).stripTrailingZeros();
        return "$" + d.setScale(Math.max(2, d.scale())).toPlainString();
    }

    /** The OS disk is made by the VM, which does not pass its tags on; they are added afterwards. */
    DiskUpdate osDiskTags() {
        return new DiskUpdate().withTags(request.tags());
    }
}
