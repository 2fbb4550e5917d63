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

    private static String base(String name) {
        return "name: " + name + "\ndescription:\n  ko: 테스트\n  en: test\nimage: busybox\n";
    }

    private void write(String file, String yaml) throws IOException {
        Files.writeString(dir.resolve(file + ".yaml"), yaml);
    }
}
