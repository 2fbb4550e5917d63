package dev.labhand.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labhand.config.ConfigException;
import dev.labhand.tool.Caller.Lang;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The course images shipped in tools/images, and the loader's errors naming the file and key. */
final class CourseImagesTest {
    @TempDir
    Path dir;

    private static final String GOOD_YAML = """
            name: demo
            description:
              ko: 데모
              en: demo
            base: "debian:{{TAG}}"
            repository: labhand/demo
            tag: "{{TAG}}"
            args:
              - name: TAG
                description: {ko: 태그, en: tag}
                type: choice
                default: bookworm
                choices: [bookworm, trixie]
            """;
    private static final String GOOD_DOCKERFILE = "ARG TAG=bookworm\nFROM debian:${TAG}\nRUN true\n";

    @Test
    void should_load_the_shipped_course_images_with_their_args_declared() {
        CourseImages images = CourseImages.load(Path.of("tools/images"));

        assertThat(images.names()).containsExactly("kaggle-python-gpu", "kaggle-r-gpu", "pyspark", "python-slim");
        CourseImage r = images.find("kaggle-r-gpu").orElseThrow();
        assertThat(r.arg("RSTUDIO_VERSION")).isPresent();
        assertThat(r.gpu()).isTrue();
        assertThat(r.tagFor(r.withDefaults(Map.of()))).isEqualTo("4.4-rstudio-2024.12.1-563");
        assertThat(r.arg("RSTUDIO_VERSION").orElseThrow().problem("2025.05.0-496")).isNull();
        assertThat(r.arg("RSTUDIO_VERSION").orElseThrow().problem("latest; rm -rf /")).isNotNull();
        assertThat(images.find("python-slim").orElseThrow().description().get(Lang.KO)).contains("디스크");
    }

    @Test
    void should_keep_the_r_image_running_rstudio_in_the_foreground_with_reticulate_in_the_site_library() throws IOException {
        Path r = Path.of("tools/images/kaggle-r-gpu");
        assertThat(Files.readString(r.resolve("start-rstudio.sh"))).contains("rstudio-server start").contains("while pgrep -x rserver");
        assertThat(Files.readString(r.resolve("setup.R"))).contains("reticulate").contains("keras3").contains(".Library.site")
                .contains("Renviron.site");
        assertThat(Files.readString(r.resolve("Dockerfile"))).contains("rstudio-server-${RSTUDIO_VERSION}-amd64.deb");
    }

    @Test
    void should_load_a_well_formed_image() throws IOException {
        write("demo", GOOD_YAML, GOOD_DOCKERFILE);

        assertThat(CourseImages.load(dir).find("demo").orElseThrow().base()).isEqualTo("debian:{{TAG}}");
    }

    @Test
    void should_name_the_file_and_key_of_an_arg_the_dockerfile_lacks() throws IOException {
        write("demo", GOOD_YAML, "FROM debian:bookworm\n");

        assertThatThrownBy(() -> CourseImages.load(dir)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(dir.resolve("demo/image.yaml").toString())
                .hasMessageContaining("'args'").hasMessageContaining("no 'ARG TAG'");
    }

    @Test
    void should_refuse_a_dockerfile_arg_the_yaml_does_not_declare() throws IOException {
        write("demo", GOOD_YAML, GOOD_DOCKERFILE + "ARG SECRET_THING\n");

        assertThatThrownBy(() -> CourseImages.load(dir)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(dir.resolve("demo/Dockerfile").toString())
                .hasMessageContaining("'ARG SECRET_THING' is not declared");
    }

    @Test
    void should_refuse_a_base_that_is_not_the_first_from() throws IOException {
        write("demo", GOOD_YAML, "ARG TAG=bookworm\nFROM ubuntu:${TAG}\n");

        assertThatThrownBy(() -> CourseImages.load(dir)).hasMessageContaining("'base'").hasMessageContaining("ubuntu:${TAG}");
    }

    @Test
    void should_refuse_a_default_the_arg_does_not_accept() throws IOException {
        write("demo", GOOD_YAML.replace("default: bookworm", "default: jessie"), GOOD_DOCKERFILE);

        assertThatThrownBy(() -> CourseImages.load(dir)).hasMessageContaining("'args[0].default'").hasMessageContaining("jessie");
    }

    @Test
    void should_refuse_an_unknown_key_and_a_name_unlike_its_folder() throws IOException {
        write("demo", GOOD_YAML + "colour: blue\n", GOOD_DOCKERFILE);
        assertThatThrownBy(() -> CourseImages.load(dir)).hasMessageContaining("unknown key 'colour'");

        write("demo", GOOD_YAML.replace("name: demo", "name: other"), GOOD_DOCKERFILE);
        assertThatThrownBy(() -> CourseImages.load(dir)).hasMessageContaining("'name' must match the folder name 'demo'");
    }

    @Test
    void should_refuse_a_tag_scheme_naming_an_undeclared_arg() throws IOException {
        write("demo", GOOD_YAML.replace("tag: \"{{TAG}}\"", "tag: \"{{VERSION}}\""), GOOD_DOCKERFILE);

        assertThatThrownBy(() -> CourseImages.load(dir)).hasMessageContaining("'tag' names {{VERSION}}");
    }

    @Test
    void should_read_args_and_from_across_continuation_lines_and_comments() {
        var parsed = Dockerfiles.parse("# comment\nARG A=1\nARG B=\"two\"\nFROM --platform=linux/amd64 \\\n  x/y:${A} AS build\nARG C\n");

        assertThat(parsed.args()).containsEntry("A", "1").containsEntry("B", "two").containsKey("C");
        assertThat(parsed.from()).isEqualTo("x/y:${A}");
    }

    private void write(String name, String yaml, String dockerfile) throws IOException {
        Path folder = Files.createDirectories(dir.resolve(name));
        Files.writeString(folder.resolve("image.yaml"), yaml);
        Files.writeString(folder.resolve("Dockerfile"), dockerfile);
    }
}
