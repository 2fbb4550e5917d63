package dev.labhand.storage.adls;

import dev.labhand.storage.StorageLocation;

/** The {@code az} commands a learner would type for what the ADLS tools do (teaching mode). */
final class AdlsCommands {
    private AdlsCommands() {}

    static String show(StorageLocation l, String path) {
        return "az storage fs access show " + target(l, path);
    }

    static String grant(StorageLocation l, String path, String objectId, String access) {
        return "az storage fs access update-recursive --acl \"" + AdlsAcls.userEntries(objectId, access) + "\" " + target(l, path);
    }

    static String revoke(StorageLocation l, String path, String objectId) {
        return "az storage fs access remove-recursive --acl \"" + AdlsAcls.userRemoval(objectId) + "\" " + target(l, path);
    }

    static String setup(StorageLocation l, String group, String region) {
        return "az storage account create -n " + l.account() + " -g " + group + " -l " + region
                + " --sku Standard_LRS --kind StorageV2 --hns true --min-tls-version TLS1_2 --allow-blob-public-access false\n"
                + "az storage fs create -n " + l.container() + " --account-name " + l.account() + " --auth-mode login\n"
                + "az storage fs directory create -n members/<member> -f " + l.container() + " --account-name " + l.account()
                + " --auth-mode login\n"
                + "az storage fs access set --acl \"" + AdlsAcls.memberFolder("<object-id>", "<instructors-group>")
                + "\" -p members/<member> -f " + l.container() + " --account-name " + l.account() + " --auth-mode login";
    }

    private static String target(StorageLocation l, String path) {
        String p = AdlsPaths.path(l, path);
        return "-p " + (p.isEmpty() ? "/" : p) + " -f " + l.container() + " --account-name " + l.account() + " --auth-mode login";
    }
}
