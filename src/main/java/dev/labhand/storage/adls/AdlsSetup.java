package dev.labhand.storage.adls;

import com.azure.core.management.exception.ManagementException;
import com.azure.core.management.Region;
import com.azure.resourcemanager.storage.StorageManager;
import com.azure.resourcemanager.storage.models.MinimumTlsVersion;
import com.azure.resourcemanager.storage.models.StorageAccount;
import com.azure.resourcemanager.storage.models.StorageAccountSkuType;
import com.azure.storage.file.datalake.DataLakeDirectoryClient;
import com.azure.storage.file.datalake.DataLakeFileSystemClient;
import com.azure.storage.file.datalake.models.PathAccessControlEntry;
import dev.labhand.i18n.Messages;
import dev.labhand.storage.StorageAccess;
import dev.labhand.storage.StorageLocation;
import dev.labhand.tool.Caller.Lang;
import dev.labhand.tool.MemberNames;
import dev.labhand.tool.Progress;
import dev.labhand.tool.UserError;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code storage.adls-setup}: the Module 11 layout, made idempotently (what exists is kept, its ACL re-applied).
 * Through ARM: the resource group and a StorageV2 account with hierarchical namespace (Standard_LRS, TLS 1.2, no
 * public blob access). Through the Data Lake API: the filesystem; {@code shared/} readable by everyone; {@code
 * members/} that anyone may pass through but not list; and one folder per member of the roster, owned by the
 * member's Azure AD object id with rwx, r-x for the instructors' group, nothing for others, the same as default
 * entries so new files inherit it.
 */
public final class AdlsSetup {
    private final Supplier<StorageManager> arm;
    private final AdlsClients clients;
    private final Map<String, String> principals;
    private final String instructorsGroup;
    private final String resourceGroup;
    private final String region;
    private final Supplier<List<String>> roster;
    private final MemberNames names;

    /** @param roster the members known to the store (learners); members with a configured object id are added */
    public AdlsSetup(Supplier<StorageManager> arm, AdlsClients clients, Map<String, String> principals,
                     String instructorsGroup, String resourceGroup, String region, Supplier<List<String>> roster,
                     MemberNames names) {
        this.arm = arm;
        this.clients = clients;
        this.principals = Map.copyOf(principals);
        this.instructorsGroup = instructorsGroup == null ? "" : instructorsGroup;
        this.resourceGroup = resourceGroup;
        this.region = region;
        this.roster = roster;
        this.names = names;
    }

    /** One thing the setup makes, in order, and the ACL it gets (empty: none). */
    public record Step(String what, String acl) {}

    /** Everything {@link #run} would make, in order; reads nothing, changes nothing. */
    public List<Step> plan(StorageLocation location, Lang lang) {
        List<Step> steps = new ArrayList<>();
        steps.add(new Step(Messages.get(lang, "storage.setup.step.group", "group", resourceGroup, "region", region), ""));
        steps.add(new Step(Messages.get(lang, "storage.setup.step.account", "account", location.account()), ""));
        steps.add(new Step(Messages.get(lang, "storage.setup.step.filesystem", "filesystem", location.container()), ""));
        steps.add(new Step(location.url(""), "other::--x"));
        steps.add(new Step(location.url("shared/"), SHARED));
        steps.add(new Step(location.url("members/"), MEMBERS));
        for (String member : members()) {
            String id = principals.get(member);
            String folder = location.url(StorageAccess.memberFolder(member));
            steps.add(id == null
                    ? new Step(folder + "  " + Messages.get(lang, "storage.setup.no-principal", "member", names.nameOf(member)), LOCKED)
                    : new Step(folder + "  (" + names.nameOf(member) + ")", AdlsAcls.memberFolder(id, instructorsGroup)));
        }
        return steps;
    }

    private static final String SHARED = "user::rwx,group::r-x,other::r-x,default:user::rwx,default:group::r-x,default:other::r-x";
    private static final String MEMBERS = "user::rwx,group::r-x,other::--x";
    private static final String LOCKED = "user::rwx,group::r-x,other::---,default:user::rwx,default:group::r-x,default:other::---";

    /** Makes the plan; returns the members left without a folder ACL (no object id configured). */
    public List<String> run(StorageLocation location, Lang lang, Progress progress) {
        account(location, lang, progress);
        String step = location.url("");
        try {
            DataLakeFileSystemClient fs = clients.fileSystem(location);
            progress.report(Messages.get(lang, "storage.setup.step.filesystem", "filesystem", location.container()));
            fs.createIfNotExists();
            String root = AdlsPaths.path(location, "");
            DataLakeDirectoryClient top = fs.getDirectoryClient(root);
            if (!root.isEmpty()) top.createIfNotExists();
            String merged = AdlsAcls.withOther(PathAccessControlEntry.serializeList(top.getAccessControl().getAccessControlList()));
            top.setAccessControlList(PathAccessControlEntry.parseList(merged), null, null);
            directory(fs, location, "shared/", SHARED, null);
            directory(fs, location, "members/", MEMBERS, null);
            List<String> left = new ArrayList<>();
            for (String member : members()) {
                step = location.url(StorageAccess.memberFolder(member));
                progress.report(step);
                String id = principals.get(member);
                if (id == null) {
                    directory(fs, location, StorageAccess.memberFolder(member), LOCKED, null);
                    left.add(member);
                } else {
                    directory(fs, location, StorageAccess.memberFolder(member), AdlsAcls.memberFolder(id, instructorsGroup), id);
                }
            }
            return left;
        } catch (RuntimeException e) {
            throw AdlsErrors.explain(e, location, step, lang);
        }
    }

    private void directory(DataLakeFileSystemClient fs, StorageLocation location, String relative, String acl, String owner) {
        DataLakeDirectoryClient dir = fs.getDirectoryClient(AdlsPaths.path(location, relative));
        dir.createIfNotExists();
        String group = owner == null || instructorsGroup.isEmpty() ? null : instructorsGroup;
        dir.setAccessControlList(PathAccessControlEntry.parseList(acl), group, owner);
    }

    private void account(StorageLocation location, Lang lang, Progress progress) {
        StorageManager manager;
        try {
            manager = arm.get();
        } catch (RuntimeException e) {
            throw UserError.beforeActing(Messages.get(lang, "storage.setup.no-subscription"), e);
        }
        try {
            progress.report(Messages.get(lang, "storage.setup.step.group", "group", resourceGroup, "region", region));
            if (!manager.resourceManager().resourceGroups().contain(resourceGroup)) {
                manager.resourceManager().resourceGroups().define(resourceGroup).withRegion(Region.fromName(region)).create();
            }
            progress.report(Messages.get(lang, "storage.setup.step.account", "account", location.account()));
            StorageAccount existing = find(manager, location.account());
            if (existing == null) {
                manager.storageAccounts().define(location.account()).withRegion(Region.fromName(region))
                        .withExistingResourceGroup(resourceGroup).withSku(StorageAccountSkuType.STANDARD_LRS)
                        .withGeneralPurposeAccountKindV2().withHnsEnabled(true).withOnlyHttpsTraffic()
                        .withMinimumTlsVersion(MinimumTlsVersion.TLS1_2).disableBlobPublicAccess().create();
            } else if (!existing.isHnsEnabled()) {
                throw UserError.beforeActing(Messages.get(lang, "storage.setup.no-hns", "account", location.account()), null);
            }
        } catch (ManagementException e) {
            String code = e.getValue() == null ? "" : e.getValue().getCode();
            throw new UserError(Messages.get(lang, "storage.setup.arm-failed", "account", location.account(),
                    "code", e.getResponse().getStatusCode() + " " + code), e);
        }
    }

    private StorageAccount find(StorageManager manager, String account) {
        try {
            return manager.storageAccounts().getByResourceGroup(resourceGroup, account);
        } catch (ManagementException e) {
            if (e.getResponse() != null && e.getResponse().getStatusCode() == 404) return null;
            throw e;
        }
    }

    /** The roster: learners the store knows, then members with an object id it has not seen yet. */
    private List<String> members() {
        LinkedHashSet<String> all = new LinkedHashSet<>(roster.get());
        all.addAll(principals.keySet());
        return List.copyOf(all);
    }
}
