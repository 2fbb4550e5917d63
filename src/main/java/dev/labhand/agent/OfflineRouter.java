package dev.labhand.agent;

import dev.labhand.agent.RouterLexicon.Hit;
import dev.labhand.agent.RouterTerms.Term;
import dev.labhand.store.WorkspaceRecord;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Caller.Lang;
import dev.labhand.tool.Param;
import dev.labhand.tool.Tool;
import dev.labhand.tool.ToolCatalog;
import dev.labhand.tool.ToolSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The language layer without a model: Korean and English sentences to one tool call, a clarifying question,
 * or "not understood". Intents come from the catalog itself (tool areas and verbs, declared diagnostics' names
 * and descriptions) through a small lexicon of Korean and English synonyms; arguments from the sentence and
 * the caller's visible workspaces ("내 RStudio 꺼 줘" is the caller's workspace made from an r-rstudio template).
 * Pure and fast: no network, no store, no side effects. The caller is never taken from the text.
 *
 * <p>Policy: a new workspace needs a name; when the sentence has none, the router asks for it (it never makes
 * one up). Risky tools are routed like any other: the gateway asks for the confirmation.
 */
public final class OfflineRouter {
    private static final Pattern NUMBER = Pattern.compile("[0-9]{1,6}");
    private static final Pattern IMAGE = Pattern.compile(
            "(?:[a-z0-9.-]+(?::[0-9]{1,5})?/)?[a-z0-9]+(?:[._-][a-z0-9]+)*(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*)*"
                    + "(?::[a-z0-9_][a-z0-9_.-]{0,127})?");
    private static final String NAME = "([a-z][a-z0-9-]{1,30}[a-z0-9])";
    /** "called thesis", "name it thesis", "이름은 thesis", "thesis라는", 'thesis' in quotes. */
    private static final List<Pattern> NAMED = List.of(
            Pattern.compile("(?:called|named|name it|call it|name is|name:|name =)\\s*['\"]?" + NAME + "\\b"),
            Pattern.compile("이름(?:은|는|을|를|이|:|으로)?\\s*[:=]?\\s*['\"]?" + NAME + "(?![a-z0-9-])"),
            Pattern.compile("['\"]?" + NAME + "['\"]?\\s*(?:이?라는|이?란|이?라고|로 이름|으로 이름)"),
            Pattern.compile("['\"]" + NAME + "['\"]"));
    /** Korean question endings the morphemes alone do not show ("뭐예요", "뭔가요", "~려면"). */
    private static final Pattern ASK_KO = Pattern.compile(
            "(왜 그래|뭐예요|뭐에요|뭔가요|뭐죠|무엇인가요|란 뭐|이 뭐|려면|ㄹ까요|을까요|나요\\?$|는 법|는 방법)");
    private static final Pattern SEPARATORS = Pattern.compile("[._/:-]");
    private static final Pattern ORDINAL_KO = Pattern.compile("(첫|두|세|네|다섯|[1-9])\\s*번\\s*째?");
    private static final Map<String, Integer> ORDINAL_EN = Map.of("first", 1, "1st", 1, "second", 2, "2nd", 2,
            "third", 3, "3rd", 3, "fourth", 4, "4th", 4, "last", -1);
    private static final Map<String, Integer> ORDINAL_KO_WORDS = Map.of("첫", 1, "두", 2, "세", 3, "네", 4, "다섯", 5);

    /** Words that are never a workspace or member name. */
    private static final Set<String> STOP = Set.copyOf(Arrays.asList("a", "an", "the", "my", "me", "i", "im", "you", "your", "please",
            "pls", "plz", "can", "could", "would", "will", "for", "of", "on", "in", "to", "is", "it", "its", "with",
            "and", "or", "one", "ones", "some", "all", "just", "now", "again", "today", "done", "want", "need",
            "like", "get", "give", "what", "which", "whats", "how", "much", "many", "does", "do", "did", "have",
            "has", "got", "are", "am", "be", "been", "still", "left", "there", "this", "that", "these", "those",
            "from", "at", "by", "as", "be", "so", "if", "then", "ok", "okay", "thanks",
            "thank", "thx", "lol", "yes", "no", "not", "isn't", "doesn't", "don't", "can't", "isn", "doesn", "don",
            "why", "who", "where", "when", "something", "anything", "sure", "mine", "us", "we", "our", "let",
            "lets", "let's", "try", "trying", "recent", "recently", "last", "lines", "line", "entries", "entry",
            "size", "template", "using", "use", "used", "only", "also", "too", "very", "more", "before", "after",
            "about", "here", "up", "down", "off", "out", "into", "inside", "have", "should", "think", "see",
            "tell", "know", "forgot", "forget", "already", "any", "another", "other", "same", "s", "t", "ps",
            "run", "working", "work", "works", "open", "running", "wanna", "gonna", "dont", "cant", "im", "ive", "id", "yet", "cpu", "gpu", "vs", "over", "instead"));

    private final RouterTerms analysis;
    private final RouterLexicon lexicon;
    private final List<Profile> profiles = new ArrayList<>();
    private final List<String> templates;
    private final Map<String, Integer> diagFrequency = new HashMap<>();
    private final Set<String> weak = new HashSet<>();

    /** What the router knows about one tool: the words that name it and its parameters' roles. */
    private record Profile(ToolSpec spec, boolean diag, Set<String> keywords, Set<String> description,
                           String workspaceParam, String integerParam, String stringParam, String memberParam,
                           String hostParam) {}

    /** Tools said in a sentence too rarely, or needing too much (keys, members), to route: slash commands only. */
    private static final Set<String> NOT_ROUTED = Set.of("vm.create", "vm.delete", "host.add", "host.assign",
            "host.unassign", "host.remove");
    /** A VM size as the clouds write it: g4dn.xlarge, Standard_NC4as_T4_v3. */
    private static final Pattern SIZE = Pattern.compile("[a-z][a-z0-9]*\\.[0-9]*x?[a-z0-9]+|standard_[a-z0-9_]+");
    private final java.util.function.Supplier<? extends Collection<String>> hostNames;

    /** Builds the router for every tool in {@code catalog}; descriptions are read in English. */
    public OfflineRouter(ToolCatalog catalog) {
        this(catalog, List::of);
    }

    /** @param hostNames the Docker hosts' names now (they change as VMs come and go), to find them in sentences */
    public OfflineRouter(ToolCatalog catalog, java.util.function.Supplier<? extends Collection<String>> hostNames) {
        this.hostNames = hostNames;
        this.analysis = new RouterTerms();
        this.lexicon = new RouterLexicon(analysis, "/dev/labhand/agent/router-lexicon.txt");
        List<String> names = List.of();
        for (Tool tool : catalog.all()) {
            ToolSpec spec = tool.spec();
            if (NOT_ROUTED.contains(spec.name())) continue;
            boolean diag = spec.area().equals("diag") && !spec.verb().equals("check");
            Set<String> keywords = new LinkedHashSet<>();
            if (diag) {
                for (String k : spec.verb().split("-")) {
                    keywords.add(k);
                    String canonical = lexicon.latin(k);
                    if (canonical != null) keywords.add(canonical);
                }
            }
            Set<String> description = new HashSet<>();
            String en = safeDescription(tool);
            for (String w : en.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
                if (w.length() < 2 || STOP.contains(w)) continue;
                String canonical = lexicon.latin(w);
                description.add(canonical != null ? canonical : w);
            }
            String workspace = null, integer = null, string = null, member = null, host = null;
            for (Param p : spec.params()) {
                if (p.ref() == Param.Ref.HOST && p.required()) host = p.name();
                else if (p.ref() == Param.Ref.HOST) continue; // an optional host is filled in complete()
                else if (p.ref() == Param.Ref.WORKSPACE) workspace = p.name();
                else if (p.ref() == Param.Ref.MEMBER) member = p.name();
                else if (p.type() == Param.Type.INTEGER && integer == null) integer = p.name();
                else if (p.type() == Param.Type.STRING && string == null) string = p.name();
                else if (p.type() == Param.Type.CHOICE && p.name().equals("template")) names = p.choices();
            }
            if (spec.name().equals("workspace.create")) integer = null; // memory and cpus are not said in chat
            if (spec.name().equals("audit.list")) {
                member = "member";
                string = null;
            }
            if (spec.area().equals("vm") || spec.area().equals("host")) string = null; // sizes are found by their shape
            profiles.add(new Profile(spec, diag, keywords, description, workspace, integer, string, member, host));
        }
        this.templates = List.copyOf(names);
        // how many tools a word points to: the rarer, the stronger; words that name templates, areas or the
        // verbs of other tools are weak in a diagnostic's name ("r" in r-reticulate, "logs" in docker-logs)
        Set<String> owned = new HashSet<>();
        for (Profile p : profiles) {
            owned.add(p.spec().area());
            if (!p.diag()) owned.add(p.spec().verb());
        }
        owned.addAll(List.of("gpu", "cpu", "ask"));
        for (String t : templates) owned.add(family(t));
        for (Profile p : profiles) {
            if (!p.diag()) continue;
            p.keywords().removeIf(k -> owned.contains(k) && !p.spec().verb().startsWith(k + "-") && !k.equals(p.spec().verb()));
            for (String k : p.keywords()) diagFrequency.merge(k, 1, Integer::sum);
        }
        for (Profile p : profiles) {
            for (String d : p.description()) if (diagFrequency.containsKey(d)) diagFrequency.merge(d, 1, Integer::sum);
        }
        weak.addAll(owned);
        for (Profile p : profiles) {
            if (!p.diag()) continue;
            String toolset = p.spec().verb().split("-")[0];
            if (profiles.stream().filter(o -> o.diag() && o.spec().verb().startsWith(toolset + "-")).count() > 1) {
                weak.add(toolset);
            }
        }
    }

    private static String safeDescription(Tool tool) {
        try {
            return tool.description(Lang.EN);
        } catch (RuntimeException e) {
            return "";
        }
    }

    /** What {@code text} asks for, as {@code caller}, who can see {@code visibleWorkspaces}. */
    public Route route(Caller caller, String text, List<WorkspaceRecord> visibleWorkspaces) {
        String raw = text == null ? "" : text.strip();
        if (raw.isEmpty()) return new Route.NotUnderstood();
        Reading r = read(raw, visibleWorkspaces);
        Profile best = null;
        double bestScore = 0;
        for (Profile p : profiles) {
            double s = score(p, r);
            if (s > bestScore) {
                bestScore = s;
                best = p;
            }
        }
        if (best == null || bestScore < 2.5) return new Route.NotUnderstood();
        return arguments(best, r, caller.locale(), visibleWorkspaces);
    }

    /**
     * The member's answer to {@code pending}: fills the missing argument and routes again, or returns null when
     * the answer does not fill it (the caller then treats the message as a new request).
     */
    public Route answer(Caller caller, Route.Clarify pending, String text, List<WorkspaceRecord> visible) {
        String raw = text == null ? "" : text.strip();
        Reading r = read(raw, visible);
        Lang lang = caller.locale();
        Optional<Profile> found = profiles.stream().filter(p -> p.spec().name().equals(pending.tool())).findFirst();
        if (found.isEmpty()) return null;
        Profile p = found.get();
        Map<String, String> args = new LinkedHashMap<>(pending.partialArgs());
        String missing = pending.missingParam();
        String value = null;
        if (missing.equals("template")) {
            value = template(r);
        } else if (missing.equals("image")) {
            value = r.image;
        } else if (missing.equals(p.hostParam())) {
            value = !r.hosts.isEmpty() ? r.hosts.get(0) : ordinal(raw, pending.choices());
        } else if (missing.equals("provider")) {
            value = provider(r);
            if (value == null) value = ordinal(raw, pending.choices());
        } else if (missing.equals(p.workspaceParam()) && !p.spec().name().equals("workspace.create")) {
            value = ordinal(raw, pending.choices());
            if (value == null && !r.names.isEmpty()) value = r.names.get(0);
            if (value == null && r.explicitName != null) value = r.explicitName;
            if (value == null && !pending.choices().isEmpty()) {
                List<String> narrowed = narrow(r, visible.stream().filter(w -> pending.choices().contains(w.name())).toList());
                if (narrowed.size() == 1) value = narrowed.get(0);
            }
            if (value == null && !r.unknown.isEmpty()) value = r.unknown.get(0);
        } else if (missing.equals("name")) {
            value = r.explicitName != null ? r.explicitName : r.unknown.isEmpty() ? null : r.unknown.get(0);
        } else {
            value = r.unknown.isEmpty() ? (r.numbers.isEmpty() ? null : r.numbers.get(0)) : r.unknown.get(0);
        }
        if (value == null) return null;
        args.put(missing, value);
        return complete(p, args, lang, visible, r);
    }

    // ---------------------------------------------------------------- reading

    /** Everything the router took from one sentence. */
    private static final class Reading {
        String text;
        String explicitName;
        String image;
        String template;
        String size;
        final List<String> names = new ArrayList<>();
        final List<String> hosts = new ArrayList<>();
        final List<String> numbers = new ArrayList<>();
        final List<String> unknown = new ArrayList<>();
        final Set<String> concepts = new LinkedHashSet<>();
        boolean anyFuzzy;
    }

    private Reading read(String raw, List<WorkspaceRecord> visible) {
        Reading r = new Reading();
        r.text = raw;
        String lower = RouterTerms.normalise(raw);
        r.explicitName = explicitName(lower);
        Set<String> visibleNames = new HashSet<>();
        for (WorkspaceRecord w : visible) visibleNames.add(w.name());
        Set<String> hosts = new HashSet<>(hostNames.get());
        List<Term> terms = analysis.terms(raw);
        List<String> words = new ArrayList<>();
        List<String> whole = new ArrayList<>();
        List<Boolean> taken = new ArrayList<>();
        for (Term t : terms) {
            String w = t.text();
            if (!t.latin()) {
                words.add(w);
                whole.add(w);
                taken.add(false);
                continue;
            }
            boolean isTaken = false;
            if (w.equals(r.explicitName)) {
                isTaken = true;
            } else if (visibleNames.contains(w)) {
                if (!r.names.contains(w)) r.names.add(w);
                isTaken = true;
            } else if (hosts.contains(w)) {
                if (!r.hosts.contains(w)) r.hosts.add(w);
                isTaken = true;
            } else if (SIZE.matcher(w).matches()) {
                r.size = w;
                isTaken = true;
            } else if (NUMBER.matcher(w).matches()) {
                r.numbers.add(w);
                isTaken = true;
            } else if ((w.contains("/") || w.contains(":")) && IMAGE.matcher(w).matches() && w.matches(".*[a-z].*")) {
                if (r.image == null) r.image = w;
                isTaken = true;
            } else if (templates.contains(w)) {
                r.template = w;
            }
            if (!isTaken && SEPARATORS.matcher(w).find() && !lexicon.knows(w)) {
                for (String part : SEPARATORS.split(w)) {
                    if (part.isEmpty()) continue;
                    words.add(part);
                    whole.add(w);
                    taken.add(false);
                }
                continue;
            }
            words.add(w);
            whole.add(w);
            taken.add(isTaken);
        }
        if (ASK_KO.matcher(lower).find()) r.concepts.add("ask");
        boolean[] skip = new boolean[words.size()];
        for (int i = 0; i < skip.length; i++) skip[i] = taken.get(i);
        List<Hit> hits = lexicon.match(words, skip);
        boolean[] covered = skip.clone();
        for (Hit h : hits) {
            r.concepts.add(h.concept());
            r.anyFuzzy |= h.fuzzy();
            for (int i = h.from(); i < h.to(); i++) covered[i] = true;
        }
        for (int i = 0; i < words.size(); i++) {
            String w = whole.get(i);
            if (covered[i] || !w.matches("[a-z][a-z0-9-]*[a-z0-9]") || STOP.contains(w) || STOP.contains(words.get(i))) {
                continue;
            }
            if (templates.contains(w) || w.length() < 3 || w.length() > 32) continue;
            if (!r.unknown.contains(w)) r.unknown.add(w);
        }
        return r;
    }

    /** The cloud a sentence names, if it names one. */
    private static String provider(Reading r) {
        if (r.concepts.contains("azure")) return "azure";
        return r.concepts.contains("aws") ? "aws" : null;
    }

    private static String explicitName(String lower) {
        for (Pattern p : NAMED) {
            Matcher m = p.matcher(lower);
            while (m.find()) {
                String name = m.group(1);
                if (!STOP.contains(name) && !name.equals("workspace")) return name;
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- intent

    private double score(Profile p, Reading r) {
        Set<String> c = r.concepts;
        ToolSpec spec = p.spec();
        String area = spec.area();
        boolean wsMention = !r.names.isEmpty() || c.contains("workspace") || c.contains("python") || c.contains("r")
                || c.contains("pyspark") || c.contains("jupyter") || c.contains("starter");
        double s = 0;
        boolean verbHit = false;
        if (!p.diag()) {
            String verb = spec.verb();
            if (area.equals("ask")) verb = "ask";
            if (c.contains(verb)) {
                s += area.equals("ask") ? 5 : verb.equals("check") ? 2.5 : 3;
                verbHit = true;
            }
            if (c.contains(area)) s += switch (area) {
                case "workspace" -> 1;
                case "image", "audit", "vm" -> 4;
                case "host" -> 1.5;
                default -> 1;
            };
            if (p.hostParam() != null && !r.hosts.isEmpty()) s += verbHit ? 3 : 1.5;
            if (area.equals("vm") && r.size != null) s += 1;
            if (area.equals("ask") && c.contains("course")) s += 1;
            if (spec.name().equals("diag.check") && c.contains("broken")) {
                s += 4;
                verbHit = true;
            }
        } else {
            for (String k : p.keywords()) {
                if (!c.contains(k)) continue;
                if (weak.contains(k)) {
                    s += 0.75;
                } else {
                    s += 1 + 3.0 / diagFrequency.getOrDefault(k, 1);
                    verbHit = true;
                }
            }
            if (c.contains("check")) s += 1;
            if (c.contains("look")) s += 0.5;
        }
        for (String word : c) if (p.description().contains(word)) s += 0.5;
        if (p.workspaceParam() != null && !area.equals("ask") && wsMention) {
            s += 1;
            if (verbHit && !p.diag()) s += 1.5;
        }
        if (p.diag() && verbHit) s += 2;
        if (spec.name().equals("workspace.create") && c.contains("create") && template(r) != null) s += 1;
        if (p.diag() && p.workspaceParam() == null && (c.contains("host") || c.contains("docker"))) s += 1;
        return s;
    }

    // ---------------------------------------------------------------- arguments

    private Route arguments(Profile p, Reading r, Lang lang, List<WorkspaceRecord> visible) {
        String tool = p.spec().name();
        Map<String, String> args = new LinkedHashMap<>();
        if (tool.equals("ask.course")) {
            args.put("question", r.text.length() > 256 ? r.text.substring(0, 256) : r.text);
            if (!r.names.isEmpty()) args.put("workspace", r.names.get(0));
            return new Route.Call(tool, args);
        }
        if (tool.equals("workspace.create")) {
            String template = template(r);
            if (template != null) args.put("template", template);
            if (r.explicitName != null) args.put("name", r.explicitName);
            return complete(p, args, lang, visible, r);
        }
        List<String> unknown = new ArrayList<>(r.unknown);
        if (p.stringParam() != null) {
            if (tool.equals("image.pull")) {
                if (r.image != null) args.put(p.stringParam(), r.image);
            } else if (!unknown.isEmpty()) {
                args.put(p.stringParam(), unknown.remove(0));
            }
        }
        if (p.integerParam() != null && !r.numbers.isEmpty()) args.put(p.integerParam(), r.numbers.get(0));
        if (p.memberParam() != null && !unknown.isEmpty()) args.put(p.memberParam(), unknown.remove(0));
        if (p.hostParam() != null && !r.hosts.isEmpty()) args.put(p.hostParam(), r.hosts.get(0));
        if (r.size != null && p.spec().param("size").isPresent()) args.put("size", r.size);
        if (p.spec().param("provider").isPresent() && provider(r) != null) args.put("provider", provider(r));
        if (p.workspaceParam() != null) {
            Object resolved = workspace(r, unknown, visible, lang, p);
            if (resolved instanceof String name) {
                args.put(p.workspaceParam(), name);
            } else if (resolved instanceof List<?> choices) {
                @SuppressWarnings("unchecked")
                List<String> names = (List<String>) choices;
                return new Route.Clarify(tool, args, p.workspaceParam(), RouterText.askWhich(lang, names), names);
            }
        }
        return complete(p, args, lang, visible, r);
    }

    /** Asks for the first required argument still missing, or calls the tool. */
    private Route complete(Profile p, Map<String, String> args, Lang lang, List<WorkspaceRecord> visible, Reading r) {
        String tool = p.spec().name();
        // "on gpu1": a host named in the sentence goes to an optional host option (workspace.create, image.pull)
        p.spec().param("host").filter(h -> h.ref() == Param.Ref.HOST && !h.required())
                .filter(h -> !r.hosts.isEmpty()).ifPresent(h -> args.putIfAbsent(h.name(), r.hosts.get(0)));
        for (Param param : p.spec().params()) {
            if (!param.required() || args.containsKey(param.name())) continue;
            String name = param.name();
            if (name.equals("template")) {
                return new Route.Clarify(tool, args, name, RouterText.askTemplate(lang, templates), templates);
            }
            if (tool.equals("workspace.create") && name.equals("name")) {
                return new Route.Clarify(tool, args, name, RouterText.askNewName(lang));
            }
            if (param.ref() == Param.Ref.WORKSPACE) {
                List<String> choices = visible.stream().map(WorkspaceRecord::name).toList();
                if (choices.size() == 1) {
                    args.put(name, choices.get(0));
                    continue;
                }
                return new Route.Clarify(tool, args, name, RouterText.askWhich(lang, choices), choices);
            }
            if (name.equals("image")) return new Route.Clarify(tool, args, name, RouterText.askImage(lang));
            if (param.ref() == Param.Ref.HOST) {
                List<String> choices = hostNames.get().stream().sorted().toList();
                return new Route.Clarify(tool, args, name, RouterText.askHost(lang, choices), choices);
            }
            if (param.type() == Param.Type.CHOICE) {
                return new Route.Clarify(tool, args, name, RouterText.askChoice(lang, name, param.choices()), param.choices());
            }
            return new Route.Clarify(tool, args, name, RouterText.askValue(lang, name));
        }
        return new Route.Call(tool, args);
    }

    /** A name, a list of candidates to ask between, or null when nothing in the sentence points anywhere. */
    private Object workspace(Reading r, List<String> unknown, List<WorkspaceRecord> visible, Lang lang, Profile p) {
        if (r.explicitName != null) return r.explicitName;
        if (!r.names.isEmpty()) return r.names.get(0);
        for (String u : unknown) if (u.matches(".*[0-9-].*")) return u;
        // a name the member said that is not theirs goes to the gateway as said (it refuses or says it is
        // missing): never quietly replaced by another workspace
        if (!unknown.isEmpty()) return unknown.get(0);
        if (p.diag()) {
            // an R diagnostic runs in an R workspace, whatever else the sentence names
            String toolset = p.spec().verb().split("-")[0];
            List<String> fitting = visible.stream().filter(w -> w.template() != null && family(w.template()).equals(toolset))
                    .map(WorkspaceRecord::name).toList();
            if (fitting.size() == 1) return fitting.get(0);
        }
        List<String> narrowed = narrow(r, visible);
        if (narrowed.size() == 1) return narrowed.get(0);
        if (narrowed.size() > 1) return narrowed;
        if (visible.size() == 1) return visible.get(0).name();
        return visible.isEmpty() ? null : visible.stream().map(WorkspaceRecord::name).toList();
    }

    /** The visible workspaces the sentence's template words fit ("my RStudio", "the cpu one"). */
    private List<String> narrow(Reading r, List<WorkspaceRecord> visible) {
        Set<String> c = r.concepts;
        Set<String> families = new HashSet<>();
        for (String t : templates) {
            String family = family(t);
            if (c.contains(family)) families.add(family);
        }
        if (c.contains("jupyter") && families.isEmpty()) {
            families.add("python");
            families.add("pyspark");
        }
        boolean cpu = c.contains("cpu");
        boolean gpu = c.contains("gpu") && !cpu;
        if (families.isEmpty() && !cpu && !gpu) return visible.size() == 1 ? List.of(visible.get(0).name()) : List.of();
        List<String> out = new ArrayList<>();
        for (WorkspaceRecord w : visible) {
            String t = w.template() == null ? "" : w.template();
            if (!families.isEmpty() && !families.contains(family(t))) continue;
            if (cpu && !t.endsWith("-cpu")) continue;
            if (gpu && t.endsWith("-cpu")) continue;
            out.add(w.name());
        }
        return out;
    }

    /** A template's family is its first word: python, r, pyspark, starter. */
    private static String family(String template) {
        int dash = template.indexOf('-');
        return dash < 0 ? template : template.substring(0, dash);
    }

    /** The template the sentence names, from its family and gpu/cpu words; null when it names none. */
    private String template(Reading r) {
        if (r.template != null) return r.template;
        Set<String> c = r.concepts;
        String family = null;
        for (String t : templates) {
            if (c.contains(family(t))) {
                family = family(t);
                break;
            }
        }
        if (family == null && (c.contains("jupyter") || c.contains("gpu") || c.contains("cpu"))) family = "python";
        if (family == null) return null;
        boolean cpu = c.contains("cpu");
        String fallback = null;
        for (String t : templates) {
            if (!family(t).equals(family)) continue;
            if (cpu == t.endsWith("-cpu")) return t;
            if (fallback == null) fallback = t;
        }
        return fallback;
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
        } else if (lower.matches("[1-9]")) {
            index = Integer.parseInt(lower);
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
}
