package dev.labhand.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labhand.config.ConfigException;
import dev.labhand.config.LabhandConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** images.registries: names of environment variables, never credentials; errors name the key. */
final class RegistryConfigTest {
    @TempDir
    Path dir;

    private LabhandConfig load(String registries) throws IOException {
        Path f = dir.resolve("labhand.yaml");
        Files.writeString(f, "images:\n  registries:\n" + registries);
        return LabhandConfig.load(f, Map.<String, String>of()::get);
    }

    @Test
    void should_read_registries_with_kind_defaults() throws IOException {
        var c = load("    - {name: hub, kind: dockerhub, namespace: me, userEnv: HUB_USER, passwordEnv: HUB_TOKEN}\n"
                + "    - {name: ecr, kind: ecr, server: 1.dkr.ecr.eu-west-1.amazonaws.com, region: eu-west-1}\n");

        assertThat(c.images().registry("hub").orElseThrow().server()).isEqualTo("docker.io");
        assertThat(c.images().registry("ecr").orElseThrow().userEnv()).isEqualTo("AWS_ACCESS_KEY_ID");
        assertThat(ImageService.target(c.images().registry("hub").orElseThrow(), "labhand/python-slim:3.12"))
                .isEqualTo("me/python-slim:3.12");
        assertThat(ImageService.target(c.images().registry("ecr").orElseThrow(), "labhand/python-slim"))
                .isEqualTo("1.dkr.ecr.eu-west-1.amazonaws.com/labhand/python-slim:latest");
    }

    @Test
    void should_refuse_a_credential_written_where_a_variable_name_belongs() {
        assertThatThrownBy(() -> load("    - {name: hub, kind: dockerhub, userEnv: HUB_USER, passwordEnv: 'dckr_pat_abc123'}\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'images.registries[0].passwordEnv' must name an environment variable");
    }

    @Test
    void should_refuse_an_ecr_registry_without_region_and_an_unknown_kind() {
        assertThatThrownBy(() -> load("    - {name: ecr, kind: ecr, server: 1.dkr.ecr.eu-west-1.amazonaws.com}\n"))
                .hasMessageContaining("'images.registries[0].region' is required");
        assertThatThrownBy(() -> load("    - {name: github, kind: ghcr, server: ghcr.io, userEnv: A, passwordEnv: B}\n"))
                .hasMessageContaining("'images.registries[0].kind' must be one of");
    }
}
