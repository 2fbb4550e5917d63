package dev.labhand.image;

import dev.labhand.tool.Caller.Lang;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A course image as {@code tools/images/<name>/image.yaml} declares it.
 *
 * @param base       the Dockerfile's {@code FROM}, with {@code ${ARG}} as written
 * @param repository what the built image is called ({@code labhand/kaggle-r-gpu})
 * @param tagScheme  its tag with {@code {{ARG}}} filled from the build args ({@code "{{ROCKER_TAG}}-rstudio"})
 * @param context    the folder sent to Docker as the build context (it holds the Dockerfile)
 */
public record CourseImage(String name, Map<Lang, String> description, String base, String repository, String tagScheme,
                          boolean gpu, String topic, List<BuildArg> args, Path context) {
    public CourseImage {
        description = Map.copyOf(description);
        args = List.copyOf(args);
    }

    public Optional<BuildArg> arg(String argName) {
        return args.stream().filter(a -> a.name().equals(argName)).findFirst();
    }

    /** Every declared arg with the given value or its default, in declaration order. */
    public Map<String, String> withDefaults(Map<String, String> given) {
        Map<String, String> out = new LinkedHashMap<>();
        for (BuildArg a : args) out.put(a.name(), given.getOrDefault(a.name(), a.defaultValue()));
        return out;
    }

    /** The tag the scheme gives for these values (every arg filled in). */
    public String tagFor(Map<String, String> values) {
        String tag = tagScheme;
        for (var e : values.entrySet()) tag = tag.replace("{{" + e.getKey() + "}}", e.getValue());
        return tag;
    }
}
