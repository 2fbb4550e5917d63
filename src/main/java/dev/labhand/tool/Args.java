package dev.labhand.tool;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** Validated arguments, defaults filled in, in a stable order (for hashing and audit). */
public record Args(Map<String, String> values) {
    public Args {
        values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    public String get(String name) {
        return values.get(name);
    }

    public String getOr(String name, String fallback) {
        String v = values.get(name);
        return v == null ? fallback : v;
    }

    public int integer(String name, int fallback) {
        String v = values.get(name);
        return v == null ? fallback : Integer.parseInt(v);
    }

    public boolean flag(String name) {
        return Boolean.parseBoolean(values.get(name));
    }
}
