package dev.labhand.vm.azure;

import dev.labhand.vm.VmCommands;
import dev.labhand.vm.VmRef;
import dev.labhand.vm.VmRequest;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The Azure CLI commands that do what {@link AzureVmProvider} does, for teaching mode. {@code az vm create}
 * makes the network, firewall and address itself, so the learner's version is two commands (three when
 * SSH is limited to a source range) where Labhand makes each resource in turn.
 */
final class AzureCommands implements VmCommands {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._:/=@+,-]+");

    @Override
    public String create(VmRequest r, String cloudInitFile) {
        AzureNames names = new AzureNames(r.name());
        String rg = names.resourceGroup();
        String tags = tags(r);
        List<String> lines = new ArrayList<>();
        lines.add("az group create -n " + rg + " -l " + r.region() + tags);
        StringBuilder vm = new StringBuilder("az vm create -g " + rg + " -n " + r.name() + " -l " + r.region()
                + " --image Ubuntu2204 --size " + r.size());
        if (r.spot()) {
            String price = r.maxPrice() == null ? "-1" : price(r.maxPrice());
            vm.append(" --priority Spot --max-price ").append(price).append(" --eviction-policy Deallocate");
        }
        vm.append(" --os-disk-size-gb ").append(r.diskGb())
                .append(" --storage-sku StandardSSD_LRS")
                .append(" --admin-username ").append(quote(r.adminUser()))
                .append(" --ssh-key-values ").append(quote(r.sshPublicKey()))
                .append(" --custom-data ").append(quote(cloudInitFile))
                .append(" --nsg-rule SSH --public-ip-sku Standard")
                .append(tags);
        lines.add(vm.toString());
        if (!"*".equals(r.sshSource())) {
            lines.add("az network nsg rule update -g " + rg + " --nsg-name " + r.name() + "NSG"
                    + " -n default-allow-ssh --source-address-prefixes " + quote(r.sshSource()));
        }
        return String.join("\n", lines);
    }

    @Override
    public String status(VmRef vm) {
        return "az vm get-instance-view" + target(vm) + " --query 'instanceView.statuses[1]'";
    }

    @Override
    public String start(VmRef vm) {
        return "az vm start" + target(vm);
    }

    @Override
    public String stop(VmRef vm) {
        return "az vm stop" + target(vm);
    }

    @Override
    public String deallocate(VmRef vm) {
        return "az vm deallocate" + target(vm);
    }

    @Override
    public String delete(VmRef vm) {
        return "az group delete -n " + vm.id("resourceGroup") + " --yes";
    }

    /** {@code 0.2}, not {@code 0.20} or {@code 2.0E-1}: the way a learner would type it. */
    static String price(double usd) {
        return BigDecimal.valueOf(usd).stripTrailingZeros().toPlainString();
    }

    private static String target(VmRef vm) {
        return " -g " + vm.id("resourceGroup") + " -n " + vm.id("vm");
    }

    private static String tags(VmRequest r) {
        if (r.tags().isEmpty()) return "";
        return " --tags " + new TreeMap<>(r.tags()).entrySet().stream()
                .map(e -> quote(e.getKey() + "=" + e.getValue()))
                .collect(Collectors.joining(" "));
    }

    private static String quote(String s) {
        return PLAIN.matcher(s).matches() ? s : "'" + s.replace("'", "'\\''") + "'";
    }

    @Override
    public String findByTags(VmRef vm) {
        return "az group show -n " + new AzureNames(vm.name()).resourceGroup() + " --query tags";
    }
}
