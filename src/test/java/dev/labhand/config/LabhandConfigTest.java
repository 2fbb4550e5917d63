package dev.labhand.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class LabhandConfigTest {
    @TempDir
    Path dir;

    @Test
    void should_run_on_defaults_with_no_file_at_all() {
        LabhandConfig c = LabhandConfig.defaults();

        assertThat(c.docker().host()).isEqualTo("unix:///var/run/docker.sock");
        assertThat(c.workspaces().network()).isEqualTo("bridge");
        assertThat(c.workspaces().publishAddress()).isEqualTo("127.0.0.1");
        assertThat(c.workspaces().maxPerLearner()).isEqualTo(2);
        assertThat(c.confirmationTtl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.defaultLocale()).isEqualTo("ko");
    }

    @Test
    void should_load_the_shipped_file() {
        LabhandConfig c = LabhandConfig.load(Path.of("config/labhand.yaml"), LabhandConfig.env(Map.of()));

        assertThat(c.workspaces().templates()).isEqualTo(Path.of("config/templates"));
    }

    @Test
    void should_read_the_azure_cloud_and_endpoint_with_the_public_cloud_by_default() throws IOException {
        LabhandConfig shipped = LabhandConfig.load(Path.of("config/labhand.yaml"), LabhandConfig.env(Map.of()));
        assertThat(shipped.vm().azureEnvironment()).isEqualTo("azure");
        assertThat(shipped.vm().azureEndpoint()).isEmpty();

        Path f = write("vm:\n  azure:\n    environment: azure-china\n    endpoint: http://127.0.0.1:8443/\n");
        LabhandConfig.Vm vm = LabhandConfig.load(f, LabhandConfig.env(Map.of())).vm();
        assertThat(vm.azureEnvironment()).isEqualTo("azure-china");
        assertThat(vm.azureEndpoint()).isEqualTo("http://127.0.0.1:8443/");

        Path g = write("vm:\n  azure:\n    environment: azure-mars\n");
        assertThatThrownBy(() -> LabhandConfig.load(g, LabhandConfig.env(Map.of())))
                .hasMessageContaining("'vm.azure.environment' must be one of");
    }

    @Test
    void should_reject_an_unknown_key_naming_the_key_and_the_file() throws IOException {
        Path f = write("workspaces:\n  network: none\n  netwrok: bridge\n");

        assertThatThrownBy(() -> LabhandConfig.load(f, LabhandConfig.env(Map.of())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(f.toString())
                .hasMessageContaining("unknown key 'workspaces.netwrok'");
    }

    @Test
    void should_reject_a_bad_value_naming_the_key() throws IOException {
        Path f = write("workspaces:\n  network: host\n");

        assertThatThrownBy(() -> LabhandConfig.load(f, LabhandConfig.env(Map.of())))
                .hasMessageContaining("'workspaces.network' must be one of");
        Path g = write("workspaces:\n  ports: 80-90\n");
        assertThatThrownBy(() -> LabhandConfig.load(g, LabhandConfig.env(Map.of()))).hasMessageContaining("workspaces.ports");
    }

    @Test
    void should_substitute_environment_variables() throws IOException {
        Path f = write("database: ${LABHAND_HOME}/x.db\ndocker:\n  host: ${DOCKER_HOST:-unix:///run/d.sock}\n");

        LabhandConfig c = LabhandConfig.load(f, LabhandConfig.env(Map.of("LABHAND_HOME", "/srv/lab")));

        assertThat(c.database()).isEqualTo(Path.of("/srv/lab/x.db"));
        assertThat(c.docker().host()).isEqualTo("unix:///run/d.sock");
    }

    @Test
    void should_name_a_missing_environment_variable() throws IOException {
        Path f = write("database: ${NOT_SET_ANYWHERE}/x.db\n");

        assertThatThrownBy(() -> LabhandConfig.load(f, LabhandConfig.env(Map.of())))
                .hasMessageContaining("NOT_SET_ANYWHERE").hasMessageContaining("'database'");
    }

    @Test
    void should_refuse_a_missing_file_that_was_asked_for() {
        assertThatThrownBy(() -> LabhandConfig.load(dir.resolve("nope.yaml"), LabhandConfig.env(Map.of())))
                .hasMessageContaining("no such file");
    }

    @Test
    void should_read_the_template_rules_with_safe_defaults() throws IOException {
        LabhandConfig.Workspaces d = LabhandConfig.defaults().workspaces();
        assertThat(d.templateEnv()).isEmpty();
        assertThat(d.maxMemoryGb()).isEqualTo(256);
        assertThat(d.maxCpus()).isEqualTo(64);
        assertThat(d.maxPids()).isEqualTo(4096);

        Path f = write("workspaces:\n  templateEnv: [COURSE_MIRROR]\n  maxMemoryGb: 32\n  maxCpus: 8\n  maxPids: 2048\n");
        LabhandConfig.Workspaces w = LabhandConfig.load(f, LabhandConfig.env(Map.of())).workspaces();
        assertThat(w.templateEnv()).containsExactly("COURSE_MIRROR");
        assertThat(List.of(w.maxMemoryGb(), w.maxCpus(), w.maxPids())).containsExactly(32, 8, 2048);

        Path g = write("workspaces:\n  templateEnv: [\"not a name\"]\n");
        assertThatThrownBy(() -> LabhandConfig.load(g, LabhandConfig.env(Map.of())))
                .hasMessageContaining("workspaces.templateEnv");
    }

    private Path write(String yaml) throws IOException {
        Path f = Files.createTempFile(dir, "labhand", ".yaml");
        Files.writeString(f, yaml);
        return f;
    }
}
