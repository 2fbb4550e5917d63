package dev.labhand.tool;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** All tools by name. Registration happens once, at start-up, in {@code dev.labhand.Wiring}. */
public final class ToolCatalog {
    private final Map<String, Tool> tools = new LinkedHashMap<>();

    public ToolCatalog register(Tool tool) {
        String name = tool.spec().name();
        if (tools.putIfAbsent(name, tool) != null) {
            throw new IllegalStateException("tool registered twice: " + name);
        }
        return this;
    }

    /** A tool by its full name, or by its area alone when the area has exactly one tool ({@code ask}). */
    public Optional<Tool> find(String name) {
        Tool exact = tools.get(name);
        if (exact != null || name.contains(".")) return Optional.ofNullable(exact);
        List<Tool> inArea = tools.values().stream().filter(t -> t.spec().area().equals(name)).toList();
        return inArea.size() == 1 ? Optional.of(inArea.get(0)) : Optional.empty();
    }

    public Collection<Tool> all() {
        return List.copyOf(tools.values());
    }

    /** Up to three registered names closest to {@code name}, for "did you mean" answers. */
    public List<String> nearNames(String name) {
        return tools.keySet().stream()
                .sorted(Comparator.comparingInt(known -> distance(known, name)))
                .limit(3)
                .toList();
    }

    /**
     * {@link #nearNames} as a member types them ({@code /workspace create}, {@code /diag gpu smi}), for answers
     * to people; a typed name may be dotted ({@code workspace.craete}) or spaced.
     */
    public List<String> nearCommands(String name) {
        return nearNames(name).stream().map(n -> tools.get(n).slashCommand()).toList();
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev; prev = cur; cur = t;
        }
        return prev[b.length()];
    }
}
