package dev.labhand.storage.adls;

import com.azure.core.management.profile.AzureProfile;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.resourcemanager.storage.StorageManager;
import dev.labhand.config.LabhandConfig;
import dev.labhand.storage.StorageCatalog;
import dev.labhand.tool.MemberNames;
import dev.labhand.tool.Tool;
import dev.labhand.vm.azure.ArmPipeline;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * ADLS Gen2 as Labhand uses it, wired once: the Data Lake clients, member ACLs ({@link #access()}, which
 * {@code account.revoke} calls through {@link AdlsAccessControl#revokeEverywhere}), the Module 11 setup, and their
 * tools. ARM is reached with the VM settings' subscription and cloud ({@code vm.azure}); nothing connects before a
 * tool runs.
 */
public final class Adls {
    private final AdlsClients clients;
    private final AdlsAccessControl access;
    private final AdlsSetup setup;
    private final StorageCatalog catalog;
    private final LabhandConfig.Adls settings;

    private Adls(StorageCatalog catalog, LabhandConfig.Adls settings, AdlsClients clients, AdlsSetup setup,
                 MemberNames names) {
        this.catalog = catalog;
        this.settings = settings;
        this.clients = clients;
        this.access = new AdlsAccessControl(clients, catalog, settings.principals(), settings.instructorsGroup(), names);
        this.setup = setup;
    }

    /**
     * @param env    where credentials come from (AZURE_STORAGE_KEY, the Azure chain's variables)
     * @param roster the members known to the store, for the setup's member folders
     */
    public static Adls create(LabhandConfig config, StorageCatalog catalog, Function<String, String> env,
                              MemberNames names, Supplier<List<String>> roster) {
        LabhandConfig.Adls s = config.storage().adls();
        AdlsClients clients = new AdlsClients(env);
        AdlsSetup setup = new AdlsSetup(arm(config.vm()), clients, s.principals(), s.instructorsGroup(),
                s.resourceGroup(), s.region(), roster, names);
        return new Adls(catalog, s, clients, setup, names);
    }

    public AdlsAccessControl access() {
        return access;
    }

    /** {@code storage.list}'s ADLS side. */
    public AdlsBackend backend(dev.labhand.tool.Caller.Lang lang) {
        return new AdlsBackend(clients, lang);
    }

    public List<Tool> tools() {
        return List.of(new AclTool(catalog, access),
                new AdlsSetupTool(catalog, setup, settings.resourceGroup(), settings.region()));
    }

    /** ARM for the storage account, built on first use; a loopback ARM (tests) is sent no token. */
    private static Supplier<StorageManager> arm(LabhandConfig.Vm vm) {
        return new Supplier<>() {
            private StorageManager manager;

            @Override
            public synchronized StorageManager get() {
                if (manager != null) return manager;
                if (vm.azureSubscription() == null || vm.azureSubscription().isBlank()) {
                    throw new IllegalStateException("AZURE_SUBSCRIPTION_ID is not set");
                }
                AzureProfile profile = ArmPipeline.profile(vm.azureSubscription(), vm.azureEnvironment(), vm.azureEndpoint());
                var pipeline = ArmPipeline.build(ArmPipeline.loopback(profile) ? null : new DefaultAzureCredentialBuilder().build(),
                        profile, ArmPipeline.ATTEMPT_TIMEOUT, ArmPipeline.RETRIES);
                manager = StorageManager.authenticate(pipeline, profile);
                return manager;
            }
        };
    }
}
