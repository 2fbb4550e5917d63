package dev.labhand.ask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labhand.ask.KnowledgeBase.Entry;
import dev.labhand.config.ConfigException;
import dev.labhand.tool.Caller.Lang;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class KnowledgeBaseTest {
    private static final String GOOD = """
            ---
            id: %s
            title:
              ko: "포트 공개"
              en: "Publishing ports"
            keywords: [port, 포트, -p]
            topic: module-08
            ---
            ## ko
            `docker run -p 127.0.0.1:8787:8787 rocker/rstudio`로 포트를 공개합니다.

            ## en
            Publish the port with `docker run -p 127.0.0.1:8787:8787 rocker/rstudio`.
            """;

    @TempDir
    Path dir;

    @Test
    void should_load_every_shipped_entry_in_both_languages() {
        KnowledgeBase base = KnowledgeBase.load(KnowledgeBase.DEFAULT_DIR);

        assertThat(base.entries()).hasSizeGreaterThanOrEqualTo(18);
        for (Entry e : base.entries()) {
            assertThat(e.titleKo()).as(e.id() + " Korean title").matches(t -> KnowledgeAnalyzers.hasHangul(t));
            assertThat(e.titleEn()).as(e.id() + " English title").isNotBlank().matches(t -> !KnowledgeAnalyzers.hasHangul(t));
            assertThat(e.bodyKo()).as(e.id() + " Korean body").matches(t -> KnowledgeAnalyzers.hasHangul(t));
            assertThat(e.bodyEn()).as(e.id() + " English body").matches(t -> !KnowledgeAnalyzers.hasHangul(t));
            for (Lang lang : Lang.values()) {
                assertThat(words(e.body(lang))).as(e.id() + " " + lang + " words").isBetween(80, 200);
            }
            assertThat(e.keywords()).as(e.id() + " keywords in Korean").anyMatch(KnowledgeAnalyzers::hasHangul);
            assertThat(e.keywords()).as(e.id() + " keywords in English").anyMatch(k -> !KnowledgeAnalyzers.hasHangul(k));
            assertThat(CourseModules.find(e.topic())).as(e.id() + " topic " + e.topic() + " is a syllabus module").isPresent();
        }
    }

    @Test
    void should_list_every_entry_in_the_index_file_the_jar_is_read_by() throws IOException {
        Path folder = KnowledgeBase.DEFAULT_DIR;
        List<String> listed = KnowledgeBase.fileNames(KnowledgeBase.INDEX_FILE,
                Files.readString(folder.resolve(KnowledgeBase.INDEX_FILE)));
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(listed).as("tools/knowledge/index.txt lists exactly the *.md files (see its first lines)")
                    .containsExactlyInAnyOrderElementsOf(files.map(f -> f.getFileName().toString())
                            .filter(n -> n.endsWith(".md")).toList());
        }
    }

    @Test
    void should_ship_the_same_entries_inside_the_jar_when_the_folder_is_absent() {
        KnowledgeBase builtIn = KnowledgeBase.load(dir.resolve("absent"));

        assertThat(builtIn.source()).startsWith("(built-in)");
        assertThat(builtIn.entries()).isEqualTo(KnowledgeBase.load(KnowledgeBase.DEFAULT_DIR).entries());
    }

    @Test
    void should_say_so_when_neither_the_folder_nor_the_jar_has_entries() throws IOException {
        try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
            assertThatThrownBy(() -> KnowledgeBase.load(dir.resolve("absent"), empty))
                    .isInstanceOf(ConfigException.class).hasMessageContaining("absent").hasMessageContaining("knowledge/index.txt");
        }
    }

    @Test
    void should_load_a_well_formed_entry() throws IOException {
        write("ports", GOOD.formatted("ports"));

        Entry e = KnowledgeBase.load(dir).find("ports").orElseThrow();

        assertThat(e.title(Lang.KO)).isEqualTo("포트 공개");
        assertThat(e.title(Lang.EN)).isEqualTo("Publishing ports");
        assertThat(e.keywords()).containsExactly("port", "포트", "-p");
        assertThat(e.topic()).isEqualTo("module-08");
        assertThat(e.body(Lang.KO)).startsWith("`docker run").endsWith("공개합니다.");
        assertThat(e.body(Lang.EN)).startsWith("Publish the port");
    }

    @Test
    void should_link_every_note_and_every_template_to_a_module_of_the_real_syllabus() throws IOException {
        // the syllabus of ../shared/COURSE.md: 00 to 13 with 07-2 and 11-2, and the self-study part
        assertThat(CourseModules.all().keySet()).containsExactly("module-00", "module-01", "module-02", "module-03",
                "module-04", "module-05", "module-06", "module-07", "module-07-2", "module-08", "module-09", "module-10",
                "module-11", "module-11-2", "module-12", "module-13", "self-study");
        for (Entry e : KnowledgeBase.load(KnowledgeBase.DEFAULT_DIR).entries()) {
            assertThat(CourseModules.find(e.topic())).as("note " + e.id() + " links " + e.topic()).isPresent();
        }
        try (Stream<Path> templates = Files.list(Path.of("config/templates"))) {
            List<Path> files = templates.filter(f -> f.toString().endsWith(".yaml")).toList();
            assertThat(files).isNotEmpty();
            for (Path f : files) {
                String topic = Files.readAllLines(f).stream().filter(l -> l.startsWith("topic:"))
                        .map(l -> l.substring("topic:".length()).strip()).findFirst().orElse("");
                assertThat(CourseModules.find(topic)).as("template " + f.getFileName() + " links '" + topic + "'")
                        .isPresent();
            }
        }
    }

    @Test
    void should_refuse_a_module_the_syllabus_does_not_have() throws IOException {
        write("ports", GOOD.formatted("ports").replace("topic: module-08", "topic: module-1-first-container"));

        assertThatThrownBy(() -> KnowledgeBase.load(dir)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("ports.md").hasMessageContaining("module-1-first-container")
                .hasMessageContaining("module-07-2");
    }

    @Test
    void should_reject_an_unknown_key_naming_the_file_and_key() throws IOException {
        write("ports", GOOD.formatted("ports").replace("topic:", "colour: red\ntopic:"));

        assertThatThrownBy(() -> KnowledgeBase.load(dir)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("ports.md").hasMessageContaining("unknown key 'colour'");
    }

    @Test
    void should_reject_a_title_without_english_naming_the_key() throws IOException {
        write("ports", GOOD.formatted("ports").replace("  en: \"Publishing ports\"\n", ""));

        assertThatThrownBy(() -> KnowledgeBase.load(dir)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("ports.md").hasMessageContaining("'title.en' is required");
    }

    @Test
    void should_reject_a_misspelt_title_language_naming_the_key() throws IOException {
        write("ports", GOOD.formatted("ports").replace("  en: \"Publishing", "  eng: \"Publishing")
                .replace("  ko:", "  en: x\n  ko:"));

        assertThatThrownBy(() -> KnowledgeBase.load(dir)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("ports.md").hasMessageContaining("'title.eng'");
    }

    @Test
    void should_reject_an_id_that_is_not_the_file_name() throws IOException {
        write("ports", GOOD.formatted("port-publishing"));

        assertThatThrownBy(() -> KnowledgeBase.load(dir)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("ports.md").hasMessageContaining("'id' must equal the file name 'ports'");
    }

    @Test
    void should_reject_an_entry_without_keywords() throws IOException {
        write("ports", GOOD.formatted("ports").replace("keywords: [port, 포트, -p]\n", ""));

        assertThatThrownBy(() -> KnowledgeBase.load(dir)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("ports.md").hasMessageContaining("'keywords' is required");
    }

    @Test
    void should_reject_an_entry_missing_its_english_section() throws IOException {
        String text = GOOD.formatted("ports");
        write("ports", text.substring(0, text.indexOf("## en")));

        assertThatThrownBy(() -> KnowledgeBase.load(dir)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("ports.md").hasMessageContaining("'## en' is missing");
    }

    @Test
    void should_reject_a_third_language_section() throws IOException {
        write("ports", GOOD.formatted("ports") + "\n## ja\nポート\n");

        assertThatThrownBy(() -> KnowledgeBase.load(dir)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("ports.md").hasMessageContaining("'## ja'");
    }

    @Test
    void should_not_take_a_heading_inside_a_code_block_for_a_section() throws IOException {
        write("ports", GOOD.formatted("ports").replace("공개합니다.", "공개합니다.\n```\n## en\n```"));

        assertThat(KnowledgeBase.load(dir).find("ports").orElseThrow().bodyKo()).contains("```\n## en\n```");
    }

    @Test
    void should_reject_a_file_without_front_matter() throws IOException {
        write("ports", "## ko\n포트\n## en\nports\n");

        assertThatThrownBy(() -> KnowledgeBase.load(dir)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("ports.md").hasMessageContaining("front matter");
    }

    private void write(String id, String text) throws IOException {
        Files.writeString(dir.resolve(id + ".md"), text, StandardCharsets.UTF_8);
    }

    private static int words(String text) {
        return text.split("\\s+").length;
    }
}
