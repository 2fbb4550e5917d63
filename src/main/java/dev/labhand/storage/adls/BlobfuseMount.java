package dev.labhand.storage.adls;

import dev.labhand.storage.StorageAccess;
import dev.labhand.storage.StorageLocation;
import dev.labhand.tool.MemberIds;
import java.util.List;

/**
 * What mounting a member's ADLS folder on a host with blobfuse2 takes: the blobfuse2 configuration (azstorage in
 * {@code adls} mode with a SAS limited to the member's folder, a file cache, the member's folder as the
 * {@code subdirectory}) and the exact commands, as argv arrays run with sudo over SSH. The SAS is a secret: it
 * reaches the host only inside the configuration, written from stdin to a 0600 file, never in a command line
 * (visible in {@code ps}), a reply or an audit row. This class only plans; the storage.mount tool is still to come.
 */
public final class BlobfuseMount {
    static final String CONFIG_DIR = "/etc/labhand/blobfuse2";
    static final String CACHE_DIR = "/var/cache/labhand/blobfuse2";
    static final String MOUNT_ROOT = "/mnt/labhand";

    /**
     * @param configPath where the configuration goes (0600, root)
     * @param mountPoint the host folder the member's lake folder appears at; a workspace gets it as a volume
     * @param config     the blobfuse2 YAML, SAS included
     * @param install    argv arrays that prepare the folders (idempotent)
     * @param writeConfig the argv that writes {@link #config} from stdin
     * @param mount      the argv that mounts
     * @param unmount    argv arrays that unmount and remove the configuration (the SAS with it)
     * @param teaching   the command a learner would type, without the SAS
     */
    public record Plan(String configPath, String mountPoint, String config, List<List<String>> install,
                       List<String> writeConfig, List<String> mount, List<List<String>> unmount, String teaching) {}

    private BlobfuseMount() {}

    /** The mount of {@code memberId}'s folder of an ADLS location, with {@code sas} scoped to that folder. */
    public static Plan plan(StorageLocation location, String memberId, String sas, boolean readOnly) {
        String folder = MemberIds.folder(memberId);
        String name = location.name() + "-" + folder;
        String configPath = CONFIG_DIR + "/" + name + ".yaml";
        String cache = CACHE_DIR + "/" + name;
        String mountPoint = MOUNT_ROOT + "/" + location.name() + "/" + folder;
        String subdirectory = AdlsPaths.path(location, StorageAccess.memberFolder(memberId));
        String config = """
                # written by Labhand (storage.mount); holds a SAS for %s only
                allow-other: true
                read-only: %s
                logging:
                  type: syslog
                  level: log_warning
                components:
                  - libfuse
                  - file_cache
                  - attr_cache
                  - azstorage
                libfuse:
                  attribute-expiration-sec: 120
                  entry-expiration-sec: 120
                  negative-entry-expiration-sec: 240
                file_cache:
                  path: %s
                  timeout-sec: 120
                  max-size-mb: 4096
                attr_cache:
                  timeout-sec: 7200
                azstorage:
                  type: adls
                  account-name: %s
                  endpoint: %s
                  mode: sas
                  sas: "%s"
                  container: %s
                  subdirectory: %s
                """.formatted(location.url(StorageAccess.memberFolder(memberId)), readOnly, cache, location.account(),
                AdlsClients.endpoint(location), sas.startsWith("?") ? sas : "?" + sas, location.container(), subdirectory);
        List<List<String>> install = List.of(
                List.of("sudo", "install", "-d", "-m", "0700", CONFIG_DIR),
                List.of("sudo", "install", "-d", "-m", "0700", cache),
                List.of("sudo", "install", "-d", "-m", "0755", mountPoint));
        List<String> write = List.of("sudo", "install", "-m", "0600", "/dev/stdin", configPath);
        List<String> mount = List.of("sudo", "blobfuse2", "mount", mountPoint, "--config-file=" + configPath);
        List<List<String>> unmount = List.of(
                List.of("sudo", "blobfuse2", "unmount", mountPoint),
                List.of("sudo", "rm", "-f", configPath),
                List.of("sudo", "rm", "-rf", cache));
        String teaching = "blobfuse2 mount " + mountPoint + " --config-file=" + configPath
                + "   # azstorage: type adls, mode sas, container " + location.container() + ", subdirectory " + subdirectory;
        return new Plan(configPath, mountPoint, config, install, write, mount, unmount, teaching);
    }
}
