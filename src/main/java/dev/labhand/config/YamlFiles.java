package dev.labhand.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A folder of YAML files, one per item (templates, toolsets), read strictly; when the folder does not
 * exist, the same files built into the jar under a resource prefix (the jar cannot list a folder, so
 * the built-in names are given).
 */
public final class YamlFiles {
    private YamlFiles() {}

    /**
     * @param parse turns one file (and its name without {@code .yaml}) into an item
     */
    public static <T> List<T> load(Path dir, List<String> builtIn, String resourcePrefix, Function<String, String> env,
                                   BiFunction<YamlSection, String, T> parse) {
        List<T> out = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                    String stem = f.getFileName().toString().replaceFirst("\\.yaml$", "");
                    out.add(parse.apply(YamlSection.load(f, env), stem));
                }
            } catch (IOException e) {
                throw new ConfigException("cannot read " + dir + ": " + e.getMessage());
            }
            return out;
        }
        for (String name : builtIn) {
            String resource = resourcePrefix + "/" + name + ".yaml";
            try (InputStream in = YamlFiles.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) throw new ConfigException("built-in file missing from the jar: " + resource);
                out.add(parse.apply(YamlSection.parse("(built-in) " + resource, in, env), name));
            } catch (IOException e) {
                throw new ConfigException("cannot read " + resource + ": " + e.getMessage());
            }
        }
        return out;
    }
}
