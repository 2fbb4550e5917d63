package dev.labhand.vm.aws;

import dev.labhand.vm.VmRequest;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.ec2.model.AuthorizeSecurityGroupIngressRequest;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.CreateSecurityGroupRequest;
import software.amazon.awssdk.services.ec2.model.EbsBlockDevice;
import software.amazon.awssdk.services.ec2.model.ImportKeyPairRequest;
import software.amazon.awssdk.services.ec2.model.InstanceInterruptionBehavior;
import software.amazon.awssdk.services.ec2.model.InstanceMarketOptionsRequest;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.Ipv6Range;
import software.amazon.awssdk.services.ec2.model.MarketType;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.SpotInstanceType;
import software.amazon.awssdk.services.ec2.model.SpotMarketOptions;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.VolumeType;

/**
 * Everything {@code create} asks EC2 for, derived from one {@link VmRequest}: names, tags, the SSH rule and
 * the launch request. Kept apart from the calls so that {@code plan} and the teaching-mode commands describe
 * exactly what {@code create} sends.
 */
final class LaunchSpec {
    /** Canonical's account, which publishes the official Ubuntu images. */
    static final String UBUNTU_OWNER = "099720109477";
    static final String UBUNTU_IMAGES = "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-*";
    /** The root device of Ubuntu's EC2 images; mapping it sets the OS disk. */
    static final String ROOT_DEVICE = "/dev/sda1";

    private final VmRequest request;

    LaunchSpec(VmRequest request) {
        this.request = request;
    }

    /** Name of the key pair and the security group, so a reader of the console sees whose they are. */
    String resourceName() {
        return "labhand-" + request.name();
    }

    /** The request's tags plus {@code Name}, sorted so plans and commands read the same each time. */
    SortedMap<String, String> tags() {
        SortedMap<String, String> tags = new TreeMap<>(request.tags());
        tags.put("Name", request.name());
        return tags;
    }

    /** The range allowed to reach port 22 in CIDR form ({@code *} is anywhere, a bare address is itself). */
    String sshCidr() {
        String source = request.sshSource().strip();
        if (source.equals("*")) return "0.0.0.0/0";
        if (source.contains("/")) return source;
        return source + (isIpv6(source) ? "/128" : "/32");
    }

    static boolean isIpv6(String cidr) {
        return cidr.contains(":");
    }

    /** The spot price cap as EC2 takes it ({@code 0.25}), or null to cap at the on-demand price. */
    String maxPrice() {
        return request.maxPrice() == null ? null
                : BigDecimal.valueOf(request.maxPrice()).stripTrailingZeros().toPlainString();
    }

    ImportKeyPairRequest importKeyPair() {
        return ImportKeyPairRequest.builder()
                .keyName(resourceName())
                .publicKeyMaterial(SdkBytes.fromUtf8String(request.sshPublicKey().strip()))
                .tagSpecifications(tagged(ResourceType.KEY_PAIR))
                .build();
    }

    CreateSecurityGroupRequest createSecurityGroup(String vpcId) {
        return CreateSecurityGroupRequest.builder()
                .groupName(resourceName())
                .description("Labhand VM " + request.name() + ": SSH only")
                .vpcId(vpcId)
                .tagSpecifications(tagged(ResourceType.SECURITY_GROUP))
                .build();
    }

    AuthorizeSecurityGroupIngressRequest allowSsh(String groupId) {
        String cidr = sshCidr();
        IpPermission.Builder ssh = IpPermission.builder().ipProtocol("tcp").fromPort(22).toPort(22);
        if (isIpv6(cidr)) ssh.ipv6Ranges(Ipv6Range.builder().cidrIpv6(cidr).build());
        else ssh.ipRanges(IpRange.builder().cidrIp(cidr).build());
        return AuthorizeSecurityGroupIngressRequest.builder().groupId(groupId).ipPermissions(ssh.build()).build();
    }

    RunInstancesRequest runInstances(String imageId, String groupId) {
        RunInstancesRequest.Builder run = RunInstancesRequest.builder()
                .imageId(imageId)
                .instanceType(request.size())
                .minCount(1)
                .maxCount(1)
                .keyName(resourceName())
                .securityGroupIds(groupId)
                .userData(Base64.getEncoder().encodeToString(request.cloudInit().getBytes(StandardCharsets.UTF_8)))
                .blockDeviceMappings(BlockDeviceMapping.builder().deviceName(ROOT_DEVICE)
                        .ebs(EbsBlockDevice.builder().volumeSize(request.diskGb()).volumeType(VolumeType.GP3)
                                .deleteOnTermination(true).build())
                        .build())
                .tagSpecifications(tagged(ResourceType.INSTANCE), tagged(ResourceType.VOLUME));
        // the same token on a retry makes EC2 answer with the instance the first attempt made, not a second one
        if (request.requestId() != null) run.clientToken(request.requestId());
        if (request.spot()) {
            run.instanceMarketOptions(InstanceMarketOptionsRequest.builder()
                    .marketType(MarketType.SPOT)
                    .spotOptions(SpotMarketOptions.builder()
                            .maxPrice(maxPrice())
                            // persistent + stop: an interruption stops the VM (disk kept) instead of deleting it
                            .spotInstanceType(SpotInstanceType.PERSISTENT)
                            .instanceInterruptionBehavior(InstanceInterruptionBehavior.STOP)
                            .build())
                    .build());
        }
        return run.build();
    }

    /** One line per resource {@code create} makes; {@code amiOverride} null means the newest Ubuntu 22.04. */
    List<String> plan(String amiOverride) {
        String market = !request.spot() ? "on-demand"
                : "spot, max " + (maxPrice() == null ? "on-demand price" : maxPrice() + " USD/h");
        String image = amiOverride != null ? amiOverride : "newest " + UBUNTU_IMAGES;
        return List.of(
                "+ key pair " + resourceName(),
                "+ security group " + resourceName() + " (default VPC): tcp/22 from " + sshCidr(),
                "+ instance " + request.name() + ": " + request.size() + ", " + market + ", " + image + ", "
                        + request.region(),
                "+ volume " + ROOT_DEVICE + ": gp3 " + request.diskGb() + " GB, deleted with the instance");
    }

    private TagSpecification tagged(ResourceType type) {
        List<Tag> tags = tags().entrySet().stream()
                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
                .toList();
        return TagSpecification.builder().resourceType(type).tags(tags).build();
    }
}
