package dev.labhand.vm;

import dev.labhand.i18n.Messages;
import dev.labhand.tool.Caller.Lang;
import dev.labhand.tool.UserError;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The clouds this bot may create VMs on, by id ({@code azure}, {@code aws}). */
public final class VmProviders {
    private final Map<String, VmProvider> byId = new TreeMap<>();

    public VmProviders(List<VmProvider> providers) {
        providers.forEach(p -> byId.put(p.id(), p));
    }

    /** The clouds as the configuration and the environment set them up; nothing is contacted yet. */
    public static VmProviders fromConfig(dev.labhand.config.LabhandConfig.Vm vm) {
        return new VmProviders(List.of(dev.labhand.vm.azure.AzureVmProvider.fromConfig(vm.azureSubscription(),
                        vm.azureEnvironment(), vm.azureEndpoint()),
                dev.labhand.vm.aws.AwsVmProvider.fromEnvironment(vm.awsEndpoint())));
    }

    public Optional<VmProvider> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public VmProvider get(String id, Lang lang) {
        return find(id).orElseThrow(() -> new UserError(Messages.get(lang, "vm.provider-unknown", "provider", id)));
    }

    public List<String> ids() {
        return List.copyOf(byId.keySet());
    }
}
