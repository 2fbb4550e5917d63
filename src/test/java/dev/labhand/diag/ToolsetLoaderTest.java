package dev.labhand.diag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labhand.config.ConfigException;
import dev.labhand.config.LabhandConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ToolsetLoaderTest {
    private static final Function<String, String> NO_ENV = LabhandConfig.env(Map.of());

    @TempDir
    Path dir;

    @Test
    void should_load_every_shipped_toolset_from_the_folder_and_the_jar() throws IOException {
        List<DeclaredTool> folder = ToolsetLoader.load(Path.of("tools/diagnostics"), NO_ENV);
        List<DeclaredTool> jar = ToolsetLoader.load(dir.resolve("absent"), NO_ENV);

        try (Stream<Path> files = Files.list(Path.of("tools/diagnostics"))) {
            assertThat(files.map(f -> f.getFileName().toString().replace(".yaml", "")))
                    .containsExactlyInAnyOrderElementsOf(ToolsetLoader.BUILT_IN);
        }
        assertThat(jar).extracting(t -> t.toolName() + " " + t.argv())
                .containsExactlyInAnyOrderElementsOf(folder.stream().map(t -> t.toolName() + " " + t.argv()).toList());
        assertThat(folder).extracting(DeclaredTool::toolName).contains("diag.gpu-smi", "diag.docker-containers",
                "diag.system-disk", "diag.python-torch", "diag.r-reticulate", "diag.network-listening",
                "diag.benchmark-gpu-vs-cpu");
        assertThat(folder).extracting(DeclaredTool::toolset).containsAll(ToolsetLoader.BUILT_IN);
    }

    @Test
    void should_reject_an_unknown_key_naming_file_and_key() throws IOException {
        write("bad", tool("argv: [\"df\"]\n    shell: true\n"));

        assertThatThrownBy(() -> ToolsetLoader.load(dir, NO_ENV)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("bad.yaml").hasMessageContaining("unknown key 'tools[0].shell'");
    }

    @Test
    void should_reject_a_placeholder_that_is_not_a_declared_parameter() throws IOException {
        write("bad", tool("argv: [\"rm\", \"-rf\", \"{{path}}\"]\n"));

        assertThatThrownBy(() -> ToolsetLoader.load(dir, NO_ENV))
                .hasMessageContaining("bad.yaml").hasMessageContaining("'tools[0].argv'").hasMessageContaining("{{path}}");
    }

    @Test
    void should_reject_bad_values_naming_the_key() throws IOException {
        write("bad", tool("argv: []\n"));
        assertThatThrownBy(() -> ToolsetLoader.load(dir, NO_ENV)).hasMessageContaining("'tools[0].argv'");

        write("bad", tool("argv: [\"df\"]\n    runs: everywhere\n"));
        assertThatThrownBy(() -> ToolsetLoader.load(dir, NO_ENV)).hasMessageContaining("'tools[0].runs'");

        write("bad", tool("argv: [\"df\", \"{{x}}\"]\n    params:\n      - name: x\n        pattern: \"[\"\n"
                + "        description: {ko: 엑스, en: x}\n"));
        assertThatThrownBy(() -> ToolsetLoader.load(dir, NO_ENV)).hasMessageContaining("'tools[0].params[0].pattern'");

        write("bad", tool("argv: [\"df\"]\n    timeoutSeconds: 100000\n"));
        assertThatThrownBy(() -> ToolsetLoader.load(dir, NO_ENV)).hasMessageContaining("'tools[0].timeoutSeconds'");

        write("bad", tool("argv: [\"df\"]\n    requires: [\"nvidia-smi; rm\"]\n"));
        assertThatThrownBy(() -> ToolsetLoader.load(dir, NO_ENV)).hasMessageContaining("'tools[0].requires'");
    }

    @Test
    void should_keep_each_value_inside_its_own_argv_element() throws IOException {
        write("bad", tool("argv: [\"python\", \"-c\", \"print(1)\", \"--pkg={{pkg}}\"]\n    params:\n      - name: pkg\n"
                + "        pattern: \"(?s).{1,64}\"\n        description: {ko: 패키지, en: package}\n"));
        DeclaredTool t = ToolsetLoader.load(dir, NO_ENV).get(0);

        assertThat(t.argvFor(Map.of("pkg", "x; rm -rf / $(id) `id`"))).containsExactly("python", "-c", "print(1)",
                "--pkg=x; rm -rf / $(id) `id`");
    }

    @Test
    void should_refuse_free_text_spliced_into_interpreter_code() throws IOException {
        write("bad", tool("argv: [\"python\", \"-c\", \"import {{pkg}}\"]\n    params:\n      - name: pkg\n"
                + "        pattern: \"[a-z]{1,20}\"\n        description: {ko: 패키지, en: package}\n"));

        assertThatThrownBy(() -> ToolsetLoader.load(dir, NO_ENV))
                .hasMessageContaining("'tools[0].argv'").hasMessageContaining("whole argument");
    }

    private static String tool(String rest) {
        return """
                toolset: bad
                description: {ko: 나쁨, en: bad}
                tools:
                  - name: one
                    description: {ko: 하나, en: one}
                    %s""".formatted(rest);
    }

    private void write(String name, String yaml) throws IOException {
        Files.writeString(dir.resolve(name + ".yaml"), yaml);
    }
}
