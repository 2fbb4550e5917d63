package dev.labhand.diag;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

final class WorkspaceCheckupParsingTest {

    @Test
    void should_read_the_root_filesystems_use_from_df() {
        String df = """
                Filesystem           1024-blocks    Used Available Capacity Mounted on
                overlay              264212084 250000000  14212084  95% /
                tmpfs                    65536        0     65536   0% /dev
                """;
        assertThat(WorkspaceCheckup.diskUse(df)).contains(95);
        assertThat(WorkspaceCheckup.diskUse("nonsense")).isEmpty();
    }

    @Test
    void should_read_each_mount_points_use_from_df() {
        String df = """
                Filesystem           1024-blocks    Used Available Capacity Mounted on
                overlay              264212084 25000000 239212084  10% /
                /dev/sda1            1000         960        40  96% /home/labhand/work
                tmpfs                    1024      1024         0 100% /data/my files
                """;
        assertThat(WorkspaceCheckup.diskUses(df)).containsExactly(java.util.Map.entry("/", 10),
                java.util.Map.entry("/home/labhand/work", 96), java.util.Map.entry("/data/my files", 100));
        assertThat(WorkspaceCheckup.diskUses("df: /nope: No such file or directory")).isEmpty();
    }

    @Test
    void should_find_listening_ports_in_proc_net_tcp() {
        String tcp = """
                  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
                   0: 00000000:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0 100 0 0 10 0
                   1: 0100007F:2253 0100007F:D2F0 01 00000000:00000000 00:00000000 00000000     0        0 2 1 0 20 4 30 10 -1
                   0: 00000000000000000000000000000000:2253 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000 0 3 1 0 100 0 0 10 0
                """;
        assertThat(WorkspaceCheckup.listeningPorts(tcp)).containsExactly(8080, 8787);
    }
}
