package dev.labhand.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labhand.config.ConfigException;
import dev.labhand.config.LabhandConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class WorkspaceTemplatesTest {
    private static final java.util.function.Function<String, String> NO_ENV = LabhandConfig.env(Map.of());

    @TempDir
    Path dir;

    @Test
    void should_ship_every_course_template_in_the_folder_and_in_the_jar() throws IOException {
        WorkspaceTemplates fromFolder = WorkspaceTemplates.load(Path.of("config/templates"), NO_ENV);
        WorkspaceTemplates builtIn = WorkspaceTemplates.load(dir.resolve("absent"), NO_ENV);

        try (Stream<Path> files = Files.list(Path.of("config/templates"))) {
            assertThat(files.map(f -> f.getFileName().toString().replace(".yaml", "")))
                    .containsExactlyInAnyOrderElementsOf(WorkspaceTemplates.BUILT_IN);
        }
        assertThat(fromFolder.names()).containsExactlyInAnyOrderElementsOf(WorkspaceTemplates.BUILT_IN);
        assertThat(builtIn.all()).isEqualTo(fromFolder.all());
    }

    @Test
    void should_describe_the_course_workspaces_as_the_course_needs_them() {
        WorkspaceTemplates t = WorkspaceTemplates.load(Path.of("config/templates"), NO_ENV);

        WorkspaceTemplate gpu = t.find("python-gpu").orElseThrow();
        assertThat(gpu.gpu()).isTrue();
        assertThat(gpu.ports()).extracting(WorkspaceTemplate.PortSpec::port).containsExactly(8888);
        assertThat(gpu.secret()).isEqualTo(WorkspaceTemplate.SecretKind.TOKEN);
        assertThat(gpu.env()).containsEntry("JUPYTER_TOKEN", "{{secret}}");

        WorkspaceTemplate r = t.find("r-rstudio").orElseThrow();
        assertThat(r.ports()).extracting(WorkspaceTemplate.PortSpec::port).containsExactly(8787);
        assertThat(r.secret()).isEqualTo(WorkspaceTemplate.SecretKind.PASSWORD);
        assertThat(String.join(" ", r.command())).contains("rstudio-server start");

        assertThat(t.find("pyspark").orElseThrow().ports()).extracting(WorkspaceTemplate.PortSpec::port)
                .containsExactly(8888, 4040);
        for (String cpu : new String[] {"python-cpu", "r-rstudio-cpu", "pyspark-cpu", "starter-cpu"}) {
            assertThat(t.find(cpu).orElseThrow().gpu()).as(cpu).isFalse();
        }
    }

    @Test
    void should_reject_an_unknown_key_naming_the_file_and_key() throws IOException {
        write("bad", base("bad") + "privileged: true\n");

        assertThatThrownBy(() -> WorkspaceTemplates.load(dir, NO_ENV))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("bad.yaml").hasMessageContaining("unknown key 'privileged'");
    }

    @Test
    void should_reject_volumes_outside_the_container_and_reserved_labels() throws IOException {
        write("bad", base("bad") + "volumes:\n  - name: root\n    path: /\n");
        assertThatThrownBy(() -> WorkspaceTemplates.load(dir, NO_ENV)).hasMessageContaining("volumes[0].path");

        write("bad", base("bad") + "volumes:\n  - name: up\n    path: /home/../etc\n");
        assertThatThrownBy(() -> WorkspaceTemplates.load(dir, NO_ENV)).hasMessageContaining("volumes[0].path");

        write("bad", base("bad") + "labels:\n  labhand.owner: someone-else\n");
        assertThatThrownBy(() -> WorkspaceTemplates.load(dir, NO_ENV)).hasMessageContaining("reserved");
    }

    @Test
    void should_reject_bad_images_limits_and_names() throws IOException {
        write("bad", base("bad").replace("image: busybox", "image: \"busybox; rm -rf /\""));
        assertThatThrownBy(() -> WorkspaceTemplates.load(dir, NO_ENV)).hasMessageContaining("'image'");

        write("bad", base("bad") + "limits:\n  memory: lots\n");
        assertThatThrownBy(() -> WorkspaceTemplates.load(dir, NO_ENV)).hasMessageContaining("limits.memory");

        write("bad", base("other"));
        assertThatThrownBy(() -> WorkspaceTemplates.load(dir, NO_ENV)).hasMessageContaining("must match the file name");
    }

    @Test
    void should_refuse_an_environment_variable_that_the_configuration_does_not_allow() throws IOException {
        var env = LabhandConfig.env(Map.of("DISCORD_TOKEN", "the-bots-own-token", "COURSE_MIRROR", "http://127.0.0.1:3128"));
        write("leak", base("leak") + "env:\n  X: \"${DISCORD_TOKEN}\"\n");

        assertThatThrownBy(() -> WorkspaceTemplates.load(dir, env))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("leak.yaml").hasMessageContaining("'env.X'")
                .hasMessageContaining("DISCORD_TOKEN").hasMessageContaining("workspaces.templateEnv")
                .hasMessageNotContaining("the-bots-own-token");

        write("leak", base("leak") + "command: [\"sh\", \"-c\", \"echo ${DISCORD_TOKEN:-none}\"]\n");
        assertThatThrownBy(() -> WorkspaceTemplates.load(dir, env)).hasMessageContaining("'command'");
    }

    @Test
    void should_substitute_the_variables_the_configuration_allows() throws IOException {
        var env = LabhandConfig.env(Map.of("DISCORD_TOKEN", "the-bots-own-token", "COURSE_MIRROR", "http://127.0.0.1:3128"));
        write("mirror", base("mirror") + "env:\n  PIP_INDEX_URL: \"${COURSE_MIRROR}\"\n");
        var rules = new WorkspaceTemplates.Rules(java.util.Set.of("COURSE_MIRROR"), 256, 64, 4096);

        WorkspaceTemplate t = WorkspaceTemplates.load(dir, env, rules).find("mirror").orElseThrow();

        assertThat(t.env()).containsEntry("PIP_INDEX_URL", "http://127.0.0.1:3128");
    }

    @Test
    void should_refuse_limits_over_the_configured_maxima_naming_file_and_key() throws IOException {
        write("huge", base("huge") + "limits:\n  memory: 1000000g\n");
        assertThatThrownBy(() -> WorkspaceTemplates.load(dir, NO_ENV))
                .hasMessageContaining("huge.yaml").hasMessageContaining("'limits.memory'").hasMessageContaining("256g");

        write("huge", base("huge") + "limits:\n  memory: 99999999999999999999999g\n");
        assertThatThrownBy(() -> WorkspaceTemplates.load(dir, NO_ENV)).hasMessageContaining("'limits.memory'");

        write("huge", base("huge") + "limits:\n  cpus: 100\n");
        assertThatThrownBy(() -> WorkspaceTemplates.load(dir, NO_ENV)).hasMessageContaining("'limits.cpus'");

        write("huge", base("huge") + "limits:\n  pids: 100000\n");
        assertThatThrownBy(() -> WorkspaceTemplates.load(dir, NO_ENV)).hasMessageContaining("'limits.pids'");

        write("huge", base("huge") + "limits:\n  memory: 16g\n  cpus: 4\n");
        var tight = new WorkspaceTemplates.Rules(java.util.Set.of(), 8, 64, 4096);
        assertThatThrownBy(() -> WorkspaceTemplates.load(dir, NO_ENV, tight))
                .hasMessageContaining("'limits.memory'").hasMessageContaining("workspaces.maxMemoryGb");
        assertThat(WorkspaceTemplates.load(dir, NO_ENV).find("huge").orElseThrow().limits().memoryMb()).isEqualTo(16 * 1024);
    }

    private static String base(String name) {
        return "name: " + name + "\ndescription:\n  ko: 테스트\n  en: test\nimage: busybox\n";
    }

    private void write(String file, String yaml) throws IOException {
        Files.writeString(dir.resolve(file + ".yaml"), yaml);
    }
}
