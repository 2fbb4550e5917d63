package dev.labhand.agent.router;

import dev.labhand.store.WorkspaceRecord;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Caller.Lang;
import dev.labhand.tool.Param;
import dev.labhand.tool.Role;
import dev.labhand.tool.Tool;
import dev.labhand.tool.ToolCatalog;
import dev.labhand.tool.ToolSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The language layer without a model service: a Korean, English or mixed sentence to one tool call, one
 * clarifying question, or "not understood". The intent comes from a classifier trained at build time on the
 * labelled sentences ({@link LabelledData}, train split) over Nori morphemes, words and character n-grams, with
 * the names of known resources read as their type; the arguments come from the tool's declared parameters
 * (references by type, patterns, choices, ranges) and what is known now: the caller's workspaces, the VMs and
 * the hosts. No rule here names a tool: a new tool needs labelled sentences, not an edit of the router.
 *
 * <p>When the model's best is below the confidence threshold (chosen on the dev split, see {@code labhand
 * router-eval}) the router asks which was meant. Risky tools are routed like any other: the gateway asks for
 * the confirmation and says what it will do. Pure and fast: no network, no store, no side effects.
 */
public final class OfflineRouter {
    /** Below this probability of the best tool the router asks which tool was meant; chosen on the dev split. */
    public static final double THRESHOLD = 0.70;
    /** Options offered when unsure: at most three, each at least this likely. */
    private static final double OPTION_FLOOR = 0.08;
    /** A tool that takes no argument of a type the sentence names (a VM's name for a workspace tool) is this much less likely. */
    private static final double MISFIT = 0.15;
    private static final String NONE = "none";
    /** A said name with a digit or a dash is a name, not a word: "thesis2", "hw-3". */
    private static final Pattern NAME_LIKE = Pattern.compile("[0-9-]");

    private static final Pattern ORDINAL_KO = Pattern.compile("(첫|두|세|네|다섯|[1-9])\\s*번\\s*째?");
    private static final Map<String, Integer> ORDINAL_EN = Map.of("first", 1, "1st", 1, "second", 2, "2nd", 2,
            "third", 3, "3rd", 3, "fourth", 4, "4th", 4, "last", -1);
    private static final Map<String, Integer> ORDINAL_KO_WORDS = Map.of("첫", 1, "두", 2, "세", 3, "네", 4, "다섯", 5);
    private static final Pattern YES = Pattern.compile("(?i)\\s*(yes|yep|yeah|y|ok|okay|sure|네|넵|예|응|어|맞아|맞아요|그래|좋아요)[.!]*\\s*");
    /** Words next to a number that say which integer parameter it is, when a tool has several. */
    private static final Map<String, Set<String>> UNITS = Map.of(
            "memory", Set.of("gb", "g", "기가", "메모리", "memory", "ram", "램"),
            "cpus", Set.of("cpu", "cpus", "core", "cores", "코어", "개"),
            "hours", Set.of("hours", "hour", "hrs", "h", "시간"),
            "disk", Set.of("disk", "디스크"));

    private final ToolCatalog catalog;
    private final Supplier<? extends Collection<Known.Entity>> hosts;
    /** The shared model, trained at the first sentence (or by {@link #warmUp} in the background), not at construction. */
    private final Supplier<TrainedModel> trained;
    private final double threshold;

    /** Builds the router for every tool in {@code catalog}, knowing no hosts. */
    public OfflineRouter(ToolCatalog catalog) {
        this(catalog, List::of);
    }

    /** @param hosts the VMs and Docker hosts now (they change as VMs come and go), to find them in sentences by type */
    public OfflineRouter(ToolCatalog catalog, Supplier<? extends Collection<Known.Entity>> hosts) {
        this(catalog, hosts, TrainedModel::shared, THRESHOLD);
    }

    OfflineRouter(ToolCatalog catalog, Supplier<? extends Collection<Known.Entity>> hosts, TrainedModel trained, double threshold) {
        this(catalog, hosts, () -> trained, threshold);
    }

    private OfflineRouter(ToolCatalog catalog, Supplier<? extends Collection<Known.Entity>> hosts,
                          Supplier<TrainedModel> trained, double threshold) {
        this.catalog = catalog;
        this.hosts = hosts;
        this.trained = trained;
        this.threshold = threshold;
    }

    /** The same router asking below another threshold (the evaluation's sweep on dev). */
    OfflineRouter withThreshold(double other) {
        return new OfflineRouter(catalog, hosts, trained, other);
    }

    /** One ranked reading of a sentence: the tools by probability and the route the best one gives. */
    record Decision(List<Scored> ranked, Route answered) {
        double confidence() {
            return ranked.isEmpty() ? 0 : ranked.get(0).probability();
        }
    }

    record Scored(String tool, double probability) {}

    /** What {@code text} asks for, as {@code caller}, who can see {@code visibleWorkspaces}. */
    public Route route(Caller caller, String text, List<WorkspaceRecord> visibleWorkspaces) {
        Decision d = decide(caller, text, visibleWorkspaces);
        if (d.answered() instanceof Route.NotUnderstood || d.confidence() >= threshold) return d.answered();
        return unsure(caller, text, visibleWorkspaces, d);
    }

    /** Reads and ranks {@code text}, and routes it as if sure of the best tool. */
    Decision decide(Caller caller, String text, List<WorkspaceRecord> visible) {
        String raw = text == null ? "" : text.strip();
        if (raw.isEmpty()) return new Decision(List.of(), new Route.NotUnderstood());
        Known known = known(caller, visible);
        Reading r = trained.get().reader().read(raw, known, Set.of());
        List<Scored> ranked = rank(r);
        if (ranked.isEmpty() || ranked.get(0).tool().equals(NONE)) return new Decision(ranked, new Route.NotUnderstood());
        ToolSpec spec = catalog.find(ranked.get(0).tool()).orElseThrow().spec();
        return new Decision(ranked, fill(spec, new LinkedHashMap<>(), r, caller, visible, known));
    }

    private Route unsure(Caller caller, String text, List<WorkspaceRecord> visible, Decision d) {
        // about as likely chit-chat as a request: the help, not a quiz
        double none = d.ranked().stream().filter(s -> s.tool().equals(NONE)).mapToDouble(Scored::probability).findFirst().orElse(0);
        if (none >= d.confidence() / 2) return new Route.NotUnderstood();
        Known known = known(caller, visible);
        Reading r = trained.get().reader().read(text.strip(), known, Set.of());
        List<Route> options = new ArrayList<>();
        List<String> described = new ArrayList<>();
        for (Scored s : d.ranked()) {
            if (options.size() == 3 || s.probability() < OPTION_FLOOR) break;
            if (s.tool().equals(NONE)) continue;
            Tool tool = catalog.find(s.tool()).orElseThrow();
            Route option = fill(tool.spec(), new LinkedHashMap<>(), r, caller, visible, known);
            options.add(option);
            Map<String, String> args = option instanceof Route.Call c ? c.args()
                    : option instanceof Route.Clarify c ? c.partialArgs() : Map.of();
            described.add(describe(tool, caller.locale()) + (args.isEmpty() ? "" : " " + args));
        }
        if (options.isEmpty()) return new Route.NotUnderstood();
        return new Route.Choose(options, RouterText.askMeaning(caller.locale(), described));
    }

    private static String describe(Tool tool, Lang lang) {
        String name = "/" + tool.spec().area() + " " + tool.spec().verb();
        try {
            return name + ": " + tool.description(lang);
        } catch (RuntimeException e) {
            return name;
        }
    }

    /** The catalog's tools the model knows, most likely first, with resources of a type a tool cannot take counting against it. */
    private List<Scored> rank(Reading r) {
        double[] p = trained.get().probabilities(r.features);
        List<String> labels = trained.get().model().labels();
        List<Scored> out = new ArrayList<>();
        double sum = 0;
        double absent = 0;
        for (int i = 0; i < labels.size(); i++) {
            String label = labels.get(i);
            double score = p[i];
            if (!label.equals(NONE)) {
                Optional<Tool> tool = catalog.find(label);
                if (tool.isEmpty()) {
                    absent = Math.max(absent, score);
                    continue;
                }
                if (!fits(tool.get().spec(), r)) score *= MISFIT;
            }
            out.add(new Scored(label, score));
            sum += score;
        }
        // the sentence most likely asks for a tool this installation lacks: not understood here
        final double likeliestAbsent = absent;
        if (out.stream().allMatch(s -> s.probability() < likeliestAbsent)) return List.of(new Scored(NONE, 1));
        final double total = sum;
        return out.stream().map(s -> new Scored(s.tool(), s.probability() / total))
                .sorted(Comparator.comparingDouble(Scored::probability).reversed()).toList();
    }

    /** Whether {@code spec} can take every type of resource the sentence names. */
    private static boolean fits(ToolSpec spec, Reading r) {
        if (spec.params().stream().anyMatch(OfflineRouter::freeText)) return true;
        for (Known.Kind kind : Known.Kind.values()) {
            if (!r.names(kind)) continue;
            Param.Ref ref = kind == Known.Kind.WORKSPACE ? Param.Ref.WORKSPACE : Param.Ref.HOST;
            if (spec.params().stream().noneMatch(p -> p.ref() == ref)) return false;
        }
        return true;
    }

    /**
     * The member's answer to {@code pending}: fills the missing argument and routes again, or returns null when
     * the answer does not fill it (the caller then treats the message as a new request).
     */
    public Route answer(Caller caller, Route.Clarify pending, String text, List<WorkspaceRecord> visible) {
        String raw = text == null ? "" : text.strip();
        Optional<Tool> tool = catalog.find(pending.tool());
        if (tool.isEmpty() || raw.isEmpty()) return null;
        ToolSpec spec = tool.get().spec();
        Param param = spec.param(pending.missingParam()).orElse(null);
        if (param == null) return null;
        Known known = known(caller, visible);
        Reading r = trained.get().reader().read(raw, known, Set.of());
        String value = ordinal(raw, pending.choices());
        if (value == null) {
            Map<String, String> found = new LinkedHashMap<>();
            List<WorkspaceRecord> among = pending.choices().isEmpty() ? visible
                    : visible.stream().filter(w -> pending.choices().contains(w.name())).toList();
            Object v = value(spec, param, r, found, new HashSet<>(), caller, among, true);
            if (v instanceof String s) value = s;
        }
        if (value == null && newName(param)) value = r.unknown.isEmpty() ? null : r.unknown.get(0);
        if (value == null && !r.unknown.isEmpty() && param.ref() != Param.Ref.NONE) value = r.unknown.get(0);
        if (value == null) return null;
        Map<String, String> args = new LinkedHashMap<>(pending.partialArgs());
        args.put(param.name(), value);
        return fill(spec, args, r, caller, visible, known);
    }

    /** The member's answer to a {@link Route.Choose}: the option it picks, or null. */
    public Route choose(Route.Choose pending, String text) {
        String raw = text == null ? "" : text.strip();
        if (YES.matcher(raw).matches()) return pending.options().get(0);
        List<String> numbers = new ArrayList<>();
        for (int i = 1; i <= pending.options().size(); i++) numbers.add(String.valueOf(i));
        String picked = ordinal(raw, numbers);
        return picked == null ? null : pending.options().get(Integer.parseInt(picked) - 1);
    }

    // ---------------------------------------------------------------- arguments

    /** Fills the tool's declared parameters from the sentence and asks for the first required one still missing. */
    private Route fill(ToolSpec spec, Map<String, String> args, Reading r, Caller caller, List<WorkspaceRecord> visible,
                       Known known) {
        Set<String> used = new HashSet<>(args.values());
        Route.Clarify ask = null;
        for (Param p : spec.params()) {
            if (args.containsKey(p.name())) continue;
            Object v = value(spec, p, r, args, used, caller, visible, false);
            if (v instanceof String s) {
                args.put(p.name(), s);
                used.add(s);
            } else if (v instanceof List<?> choices && p.required() && ask == null) {
                @SuppressWarnings("unchecked")
                List<String> names = (List<String>) choices;
                ask = new Route.Clarify(spec.name(), Map.of(), p.name(), RouterText.askWhich(caller.locale(), names), names);
            }
        }
        for (Param p : spec.params()) {
            if (!p.required() || args.containsKey(p.name())) continue;
            Lang lang = caller.locale();
            if (ask != null && ask.missingParam().equals(p.name())) {
                return new Route.Clarify(spec.name(), args, p.name(), ask.question(), ask.choices());
            }
            if (p.ref() == Param.Ref.WORKSPACE) {
                return new Route.Clarify(spec.name(), args, p.name(), RouterText.askWhich(lang, List.of()));
            }
            if (p.ref() == Param.Ref.HOST) {
                List<String> choices = known.entities().stream().filter(e -> e.kind() != Known.Kind.WORKSPACE)
                        .map(Known.Entity::name).sorted().toList();
                return new Route.Clarify(spec.name(), args, p.name(), RouterText.askHost(lang, choices), choices);
            }
            if (p.type() == Param.Type.CHOICE) {
                String q = templates(p) ? RouterText.askTemplate(lang, p.choices()) : RouterText.askChoice(lang, p.name(), p.choices());
                return new Route.Clarify(spec.name(), args, p.name(), q, p.choices());
            }
            if (newName(p)) {
                String q = spec.area().equals("workspace") ? RouterText.askNewName(lang) : RouterText.askValue(lang, p.name());
                return new Route.Clarify(spec.name(), args, p.name(), q);
            }
            if (p.name().equals("image")) return new Route.Clarify(spec.name(), args, p.name(), RouterText.askImage(lang));
            return new Route.Clarify(spec.name(), args, p.name(), RouterText.askValue(lang, p.name()));
        }
        return new Route.Call(spec.name(), args);
    }

    /**
     * The value of one parameter: a String, a list of workspaces to ask between, or null. {@code answering}: the
     * sentence is the answer to a question about this parameter, so a bare word may be the value.
     */
    private Object value(ToolSpec spec, Param p, Reading r, Map<String, String> args, Set<String> used, Caller caller,
                         List<WorkspaceRecord> visible, boolean answering) {
        switch (p.ref()) {
            case WORKSPACE -> {
                return workspace(p, r, used, caller, visible, answering);
            }
            case HOST -> {
                for (Reading.Mention m : r.mentions) {
                    if (m.entity().kind() != Known.Kind.WORKSPACE && !used.contains(m.entity().name())) return m.entity().name();
                }
                return null;
            }
            case MEMBER -> {
                String member = firstUnused(r.unknown, used, p.pattern());
                return member != null ? member : firstUnused(r.corrected, used, p.pattern());
            }
            default -> { }
        }
        switch (p.type()) {
            case INTEGER -> {
                List<Param> integers = spec.params().stream().filter(q -> q.type() == Param.Type.INTEGER).toList();
                for (Reading.Number n : r.numbers) {
                    if (n.value() < p.min() || n.value() > p.max() || used.contains(String.valueOf(n.value()))) continue;
                    if (integers.size() == 1 || answering) return String.valueOf(n.value());
                    Set<String> units = UNITS.getOrDefault(p.name(), Set.of(p.name()));
                    if (units.contains(n.after()) || units.contains(n.before()) || startsWithAny(n.after(), units)) {
                        return String.valueOf(n.value());
                    }
                }
                return null;
            }
            case CHOICE -> {
                return choice(p, r);
            }
            case BOOLEAN -> {
                return null;
            }
            default -> { }
        }
        if (freeText(p)) return r.text.length() > 256 ? r.text.substring(0, 256) : r.text;
        if (newName(p)) {
            if (r.explicitName != null && !used.contains(r.explicitName)) return r.explicitName;
            for (String u : r.unknown) if (!used.contains(u) && p.pattern().matcher(u).matches()) return u;
            return null;
        }
        for (String s : r.shaped) if (!used.contains(s) && (p.pattern() == null || p.pattern().matcher(s).matches())) return s;
        if (!p.required() && !answering) return null;
        String u = firstUnused(r.unknown, used, p.pattern());
        if (u != null) return u;
        Set<String> seen = trained.get().seenValues().getOrDefault(spec.name() + "." + p.name(), Set.of());
        for (String w : r.words) if (seen.contains(w) && !used.contains(w)) return w;
        return null;
    }

    private Object workspace(Param p, Reading r, Set<String> used, Caller caller, List<WorkspaceRecord> visible,
                             boolean answering) {
        for (String name : r.named(Known.Kind.WORKSPACE)) if (!used.contains(name)) return name;
        if (r.explicitName != null && !used.contains(r.explicitName)) return r.explicitName;
        if (!p.required() && !answering) return null;
        // a name said that is not the caller's goes to the gateway as said (it refuses or says it is missing):
        // never quietly replaced by another workspace
        for (String u : r.unknown) if (!used.contains(u) && NAME_LIKE.matcher(u).find()) return u;
        if (!r.unknown.isEmpty() && !used.contains(r.unknown.get(0))) return r.unknown.get(0);
        List<WorkspaceRecord> own = visible.stream().filter(w -> w.ownerId().equals(caller.id())).toList();
        List<WorkspaceRecord> pool = own.isEmpty() ? visible : own;
        List<String> narrowed = narrow(r, pool);
        if (narrowed.size() == 1) return narrowed.get(0);
        if (narrowed.isEmpty()) narrowed = pool.stream().map(WorkspaceRecord::name).toList();
        return narrowed.size() == 1 ? narrowed.get(0) : narrowed;
    }

    /** The workspaces the sentence's template words fit ("my RStudio", "the cpu one"); all when it has none. */
    private static List<String> narrow(Reading r, List<WorkspaceRecord> visible) {
        Set<String> families = new HashSet<>(r.families);
        if (r.jupyter) families.add("pyspark");
        List<String> out = new ArrayList<>();
        for (WorkspaceRecord w : visible) {
            String t = w.template() == null ? "" : w.template();
            if (!families.isEmpty() && !families.contains(family(t))) continue;
            if (r.cpu && !t.endsWith("-cpu")) continue;
            if (r.gpu && !r.cpu && t.endsWith("-cpu")) continue;
            out.add(w.name());
        }
        return out;
    }

    /** A choice named in the sentence (or one edit from it); for template-like choices, by family and gpu/cpu. */
    private static String choice(Param p, Reading r) {
        for (String w : r.words) if (p.choices().contains(w)) return w;
        for (String w : r.words) {
            if (w.length() < 4) continue;
            for (String c : p.choices()) if (c.length() >= 4 && SentenceReader.osa(w, c) == 1) return c;
        }
        if (!templates(p)) return null;
        for (String fam : r.families) {
            String fallback = null;
            for (String t : p.choices()) {
                if (!family(t).equals(fam)) continue;
                if (r.cpu == t.endsWith("-cpu")) return t;
                if (fallback == null) fallback = t;
            }
            if (fallback != null) return fallback;
        }
        return null;
    }

    /** Choices named by family and variant (python-gpu, python-cpu, r-rstudio): workspace templates. */
    private static boolean templates(Param p) {
        return p.choices().stream().anyMatch(c -> c.endsWith("-cpu"));
    }

    /** A parameter that takes the whole sentence (its pattern accepts free text). */
    private static boolean freeText(Param p) {
        return p.type() == Param.Type.STRING && p.pattern() != null && p.pattern().matcher("a b c").matches();
    }

    /** A parameter that names something new (a name not referring to any existing resource). */
    private static boolean newName(Param p) {
        return p.type() == Param.Type.STRING && p.ref() == Param.Ref.NONE && p.pattern() == Param.NAME;
    }

    private static String firstUnused(List<String> words, Set<String> used, Pattern pattern) {
        for (String w : words) if (!used.contains(w) && (pattern == null || pattern.matcher(w).matches())) return w;
        return null;
    }

    private static boolean startsWithAny(String word, Set<String> units) {
        for (String u : units) if (u.length() > 1 && word.startsWith(u)) return true;
        return false;
    }

    /** A template's family is its first word: python, r, pyspark, starter. */
    private static String family(String template) {
        int dash = template.indexOf('-');
        return dash < 0 ? template : template.substring(0, dash);
    }

    private Known known(Caller caller, List<WorkspaceRecord> visible) {
        List<Known.Entity> entities = new ArrayList<>();
        for (WorkspaceRecord w : visible) {
            entities.add(new Known.Entity(w.name(), Known.Kind.WORKSPACE, w.template(), w.ownerId().equals(caller.id())));
        }
        boolean instructor = caller.role().atLeast(Role.INSTRUCTOR);
        for (Known.Entity h : hosts.get()) {
            entities.add(new Known.Entity(h.name(), h.kind(), h.detail(), h.fuzzy() && instructor));
        }
        return new Known(entities);
    }

    /** "두 번째 거", "the second one", "2": a pick from {@code choices}. */
    private static String ordinal(String text, List<String> choices) {
        if (choices.isEmpty()) return null;
        String lower = text.toLowerCase(Locale.ROOT).strip();
        Integer index = null;
        Matcher ko = ORDINAL_KO.matcher(lower);
        if (ko.find()) {
            String g = ko.group(1);
            index = ORDINAL_KO_WORDS.containsKey(g) ? ORDINAL_KO_WORDS.get(g) : Integer.parseInt(g);
        } else if (lower.matches("[1-9][.)]?")) {
            index = Integer.parseInt(lower.substring(0, 1));
        } else if (lower.contains("마지막")) {
            index = -1;
        } else {
            for (String w : lower.split("[^a-z0-9]+")) {
                if (ORDINAL_EN.containsKey(w)) {
                    index = ORDINAL_EN.get(w);
                    break;
                }
            }
        }
        if (index == null) return null;
        if (index == -1) return choices.get(choices.size() - 1);
        return index >= 1 && index <= choices.size() ? choices.get(index - 1) : null;
    }

    /** Trains the shared model now (else at the first sentence): a long-lived process calls this at start-up. */
    public static void warmUp() {
        TrainedModel.shared();
    }
}
