package dev.labhand.vm.aws;

import dev.labhand.vm.VmCommands;
import dev.labhand.vm.VmRef;
import dev.labhand.vm.VmRequest;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The {@code aws ec2} commands that do what {@link AwsVmProvider} does, for teaching mode. Multi-step
 * operations are several lines of one shell session: ids the next step needs are caught in variables with
 * {@code --query ... --output text}, the way a learner would script it.
 */
final class AwsCommands implements VmCommands {
    private static final Map<String, String> DEFAULT_KEY_FILES = Map.of("ssh-ed25519", "id_ed25519",
            "ssh-rsa", "id_rsa");

    @Override
    public String create(VmRequest request, String cloudInitFile) {
        LaunchSpec spec = new LaunchSpec(request);
        String region = " --region " + request.region();
        String name = spec.resourceName();
        String cidr = spec.sshCidr();
        String range = LaunchSpec.isIpv6(cidr) ? "Ipv6Ranges=[{CidrIpv6=" + cidr + "}]"
                : "IpRanges=[{CidrIp=" + cidr + "}]";
        String keyFile = DEFAULT_KEY_FILES.getOrDefault(request.sshPublicKey().strip().split("\\s+")[0], "id_ecdsa");
        String run = "aws ec2 run-instances" + region + " --image-id \"$AMI\" --instance-type " + request.size()
                + " --key-name " + name + " --security-group-ids \"$SG\" --user-data file://" + cloudInitFile
                + " --block-device-mappings 'DeviceName=" + LaunchSpec.ROOT_DEVICE + ",Ebs={VolumeSize="
                + request.diskGb() + ",VolumeType=gp3,DeleteOnTermination=true}'"
                + (request.spot() ? " --instance-market-options " + quote(marketOptions(spec)) : "")
                + " --tag-specifications " + tagSpec(spec, "instance") + " " + tagSpec(spec, "volume")
                + (request.requestId() == null ? "" : " --client-token " + request.requestId());
        return String.join("\n", List.of(
                "aws ec2 import-key-pair" + region + " --key-name " + name
                        + " --public-key-material fileb://~/.ssh/" + keyFile + ".pub --tag-specifications "
                        + tagSpec(spec, "key-pair"),
                "SG=$(aws ec2 create-security-group" + region + " --group-name " + name + " --description "
                        + quote("Labhand VM " + request.name() + ": SSH only") + " --tag-specifications "
                        + tagSpec(spec, "security-group") + " --query GroupId --output text)",
                "aws ec2 authorize-security-group-ingress" + region + " --group-id \"$SG\" --ip-permissions "
                        + quote("IpProtocol=tcp,FromPort=22,ToPort=22," + range),
                "AMI=$(aws ec2 describe-images" + region + " --owners " + LaunchSpec.UBUNTU_OWNER
                        + " --filters " + quote("Name=name,Values=" + LaunchSpec.UBUNTU_IMAGES)
                        + " --query 'sort_by(Images,&CreationDate)[-1].ImageId' --output text)",
                run));
    }

    @Override
    public String status(VmRef vm) {
        return instances("describe-instances", vm);
    }

    @Override
    public String start(VmRef vm) {
        return instances("start-instances", vm);
    }

    @Override
    public String stop(VmRef vm) {
        return instances("stop-instances", vm);
    }

    /** EC2 has no deallocated state: a stopped instance already releases its compute. */
    @Override
    public String deallocate(VmRef vm) {
        return stop(vm);
    }

    @Override
    public String delete(VmRef vm) {
        String region = " --region " + vm.region();
        String ids = " --instance-ids " + vm.id("instanceId");
        return String.join("\n", List.of(
                "SIR=$(aws ec2 describe-instances" + region + ids
                        + " --query 'Reservations[].Instances[].SpotInstanceRequestId' --output text)",
                "[ -n \"$SIR\" ] && aws ec2 cancel-spot-instance-requests" + region
                        + " --spot-instance-request-ids \"$SIR\"",
                "aws ec2 terminate-instances" + region + ids,
                "aws ec2 wait instance-terminated" + region + ids,
                "aws ec2 delete-security-group" + region + " --group-id " + vm.id("securityGroupId"),
                "aws ec2 delete-key-pair" + region + " --key-name " + vm.id("keyName")));
    }

    private static String instances(String verb, VmRef vm) {
        return "aws ec2 " + verb + " --region " + vm.region() + " --instance-ids " + vm.id("instanceId");
    }

    private static String marketOptions(LaunchSpec spec) {
        String price = spec.maxPrice() == null ? "" : "MaxPrice=" + spec.maxPrice() + ",";
        return "MarketType=spot,SpotOptions={" + price
                + "SpotInstanceType=persistent,InstanceInterruptionBehavior=stop}";
    }

    private static String tagSpec(LaunchSpec spec, String resourceType) {
        String tags = spec.tags().entrySet().stream()
                .map(e -> "{Key=" + e.getKey() + ",Value=" + e.getValue() + "}")
                .collect(Collectors.joining(","));
        return quote("ResourceType=" + resourceType + ",Tags=[" + tags + "]");
    }

    /** Single-quotes for a POSIX shell. */
    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    @Override
    public String findByTags(VmRef vm) {
        String request = vm.ids().get("requestId");
        String filter = request != null ? " --filters Name=tag:" + dev.labhand.vm.VmRequest.REQUEST_TAG + ",Values=" + request
                : " --filters Name=tag:Name,Values=" + vm.name() + " Name=tag:managed-by,Values=labhand";
        String region = " --region " + vm.region();
        return String.join("\n", List.of("aws ec2 describe-instances" + region + filter,
                "aws ec2 describe-security-groups" + region + filter, "aws ec2 describe-key-pairs" + region + filter));
    }
}
