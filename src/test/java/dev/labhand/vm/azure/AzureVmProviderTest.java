package dev.labhand.vm.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labhand.vm.CloudFailure;
import dev.labhand.vm.CloudFailure.Kind;
import dev.labhand.vm.VmInfo;
import dev.labhand.vm.VmRef;
import dev.labhand.vm.VmRequest;
import dev.labhand.vm.VmState;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

final class AzureVmProviderTest {
    private static final String ADMIN_KEY = ed25519Key(1) + " learner@laptop";
    private static final String HOST_KEY = ed25519Key(2) + " root@gpu1";
    private static final String CLOUD_INIT = "#cloud-config\npackages: [docker.io]\n";
    private static final Map<String, String> TAGS = Map.of("course", "docker-101", "owner", "alice", "managed-by", "labhand");
    private static final String VM_PATH = "/providers/Microsoft.Compute/virtualMachines/gpu1$";

    private FakeArm arm;
    private AzureVmProvider azure;
    private final List<String> progress = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        arm = FakeArm.start();
        azure = new AzureVmProvider(arm.client(), Duration.ofMillis(5));
    }

    @AfterEach
    void stop() {
        try {
            assertThat(arm.unexpected()).as("requests the fake had no answer for").isEmpty();
        } finally {
            arm.close();
        }
    }

    @Test
    void should_create_a_spot_vm_with_every_resource_tagged_and_every_operation_polled() throws Exception {
        long started = System.nanoTime();
        VmInfo info = azure.create(spot("gpu1", 0.2, "198.51.100.0/24"), progress::add);
        System.out.printf("create against FakeArm: %d ms, %d requests%n",
                (System.nanoTime() - started) / 1_000_000, arm.calls().size());

        assertThat(info.state()).isEqualTo(VmState.RUNNING);
        assertThat(info.publicIp()).isEqualTo("203.0.113.1");
        assertThat(info.spot()).isTrue();
        assertThat(info.size()).isEqualTo("Standard_NC4as_T4_v3");
        assertThat(info.ref().ids()).containsEntry("resourceGroup", "labhand-gpu1").containsEntry("vm", "gpu1");
        System.out.println(arm.calls().stream().map(c -> c.method() + " " + c.path() + " " + c.query()).toList());
    }

    private static VmRequest spot(String name, Double maxPrice, String sshSource) {
        return new VmRequest(name, "Standard_NC4as_T4_v3", "koreacentral", true, maxPrice, 128, "labhand",
                ADMIN_KEY, sshSource, CLOUD_INIT, TAGS);
    }

    private static VmRequest onDemand(String name) {
        return new VmRequest(name, "Standard_B2s", "koreacentral", false, null, 30, "labhand",
                ADMIN_KEY, "*", CLOUD_INIT, TAGS);
    }

    /** A well-formed OpenSSH ed25519 public key whose 32 key bytes are all {@code fill}. */
    private static String ed25519Key(int fill) {
        byte[] type = "ssh-ed25519".getBytes(StandardCharsets.US_ASCII);
        ByteBuffer blob = ByteBuffer.allocate(4 + type.length + 4 + 32).putInt(type.length).put(type).putInt(32);
        while (blob.hasRemaining()) blob.put((byte) fill);
        return "ssh-ed25519 " + Base64.getEncoder().encodeToString(blob.array());
    }
}
