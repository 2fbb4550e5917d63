package dev.labhand.vm;

import dev.labhand.config.YamlFiles;
import dev.labhand.config.YamlSection;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The sizes, regions and prices Labhand may use on each cloud (config/clouds/*.yaml). It is the
 * first check of every VM request: an unknown size or region is refused here, before any cloud call.
 */
public final class CloudCatalog {
    /** Hours in an average month, as the clouds' own calculators count. */
    public static final double HOURS_PER_MONTH = 730;

    /** One size with its prices in USD per hour. */
    public record Size(String name, String gpu, int vcpus, int memoryGb, double onDemand, double spot) {
        public double hourly(boolean spotPriced) {
            return spotPriced ? spot : onDemand;
        }
    }

    /** One provider's table. */
    public record Cloud(String provider, String defaultRegion, String defaultSize, double diskPerGbMonth,
                        List<String> regions, List<Size> sizes) {
        public Optional<Size> size(String name) {
            return sizes.stream().filter(s -> s.name().equalsIgnoreCase(name)).findFirst();
        }

        public boolean hasRegion(String region) {
            return regions.contains(region);
        }
    }

    private final Map<String, Cloud> clouds;

    private CloudCatalog(Map<String, Cloud> clouds) {
        this.clouds = clouds;
    }

    /** Reads {@code dir}; the built-in tables when it does not exist. */
    public static CloudCatalog load(Path dir, Function<String, String> env) {
        Map<String, Cloud> out = new TreeMap<>();
        YamlFiles.load(dir, List.of("aws", "azure"), "clouds", env, CloudCatalog::parse)
                .forEach(c -> out.put(c.provider(), c));
        return new CloudCatalog(out);
    }

    public Optional<Cloud> cloud(String provider) {
        return Optional.ofNullable(clouds.get(provider));
    }

    public List<String> providers() {
        return List.copyOf(clouds.keySet());
    }

    private static Cloud parse(YamlSection y, String stem) {
        String provider = y.choice("provider", stem, java.util.Set.of("azure", "aws"));
        if (!provider.equals(stem)) throw y.error("provider", "must match the file name " + stem + ".yaml");
        List<Size> sizes = y.sections("sizes").stream().map(s -> {
            Size size = new Size(s.requiredString("name"), s.string("gpu", ""), s.integer("vcpus", 1, 1, 1024),
                    s.integer("memoryGb", 1, 1, 65_536), s.decimal("onDemand", 0, 0, 10_000), s.decimal("spot", 0, 0, 10_000));
            s.done();
            return size;
        }).toList();
        if (sizes.isEmpty()) throw y.error("sizes", "needs at least one size");
        List<String> regions = y.strings("regions");
        if (regions.isEmpty()) throw y.error("regions", "needs at least one region");
        String defaultRegion = y.string("defaultRegion", regions.get(0));
        String defaultSize = y.string("defaultSize", sizes.get(0).name());
        Cloud cloud = new Cloud(provider, defaultRegion, defaultSize, y.decimal("diskPerGbMonth", 0, 0, 100), regions, sizes);
        if (!regions.contains(defaultRegion)) throw y.error("defaultRegion", "is not one of the regions");
        if (cloud.size(defaultSize).isEmpty()) throw y.error("defaultSize", "is not one of the sizes");
        y.done();
        return cloud;
    }
}
