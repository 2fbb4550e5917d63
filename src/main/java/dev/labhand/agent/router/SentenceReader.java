package dev.labhand.agent.router;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one sentence against what is known now ({@link Known}) into a {@link Reading}. Resource names become
 * their type ({@code <ws>}, {@code <vm>}, {@code <host>}), so the model learns "stop + a VM" rather than
 * names; unknown Latin words become {@code <unk>}; Korean goes through Nori morphemes; every word also gives
 * its character n-grams, which survive a transposed or dropped letter. Thread-safe once built.
 */
final class SentenceReader {
    private static final Pattern TOKEN = Pattern.compile("[a-z0-9](?:[a-z0-9._/:'-]*[a-z0-9])?|[\\uAC00-\\uD7A3]+");
    private static final Pattern HANGUL = Pattern.compile("[\\uAC00-\\uD7A3]");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,9}");
    private static final Pattern LATIN_LETTER = Pattern.compile("[a-z]");
    private static final Pattern PLAIN_WORD = Pattern.compile("[a-z'-]+");
    /** A cloud VM size as the clouds write it: g4dn.xlarge, p3.2xlarge, Standard_NC4as_T4_v3. */
    static final Pattern SIZE = Pattern.compile("[a-z][a-z0-9]*[0-9][a-z0-9]*\\.[0-9]*x?[a-z]+|standard_[a-z0-9_]+");
    private static final String NAME = "([a-z][a-z0-9-]{1,30}[a-z0-9])";
    /** "called thesis", "name it thesis", "이름은 thesis", "thesis라는", 'thesis' in quotes. */
    private static final List<Pattern> NAMED = List.of(
            Pattern.compile("['\"]?" + NAME + "['\"]?\\s*(?:이?라는|이?란|이?라고|로 이름|으로 이름)"),
            Pattern.compile("(?:called|named|name it|call it|name is|name:|name =|name)\\s*['\"]?" + NAME + "(?![a-z0-9-])"),
            Pattern.compile("이름(?:은|는|을|를|이|:|으로)?\\s*[:=]?\\s*['\"]?" + NAME + "(?![a-z0-9-])"),
            Pattern.compile("['\"]" + NAME + "['\"]"));
    /** "without a GPU", "GPU 없이": the cpu variant. */
    private static final Pattern NO_GPU = Pattern.compile(
            "(?:without|no|w/o|not?)\\s+(?:a\\s+|any\\s+)?gpu|(?:gpu|지피유)\\s*(?:없이|없는|필요\\s*없|안\\s*쓰|안\\s*필요)");

    private final RouterTerms terms = new RouterTerms();
    private final Map<String, String> renderings = new HashMap<>();
    private final int longestRendering;
    private final Map<String, String> familyOf = new HashMap<>();
    /** English words that are never a name said ({@code common-words.txt}). */
    private final Set<String> common = new java.util.HashSet<>();
    /** Latin words of the training sentences; null while the vocabulary is being collected. */
    private Set<String> vocabulary;
    private final Map<Integer, List<String>> vocabularyByLength = new HashMap<>();

    SentenceReader() {
        int longest = 0;
        for (String[] cols : table("/dev/labhand/agent/router/renderings.txt")) {
            renderings.put(cols[0], cols[1]);
            longest = Math.max(longest, cols[0].length());
        }
        this.longestRendering = longest;
        try (InputStream in = SentenceReader.class.getResourceAsStream("/dev/labhand/agent/router/common-words.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.startsWith("#")) common.addAll(List.of(line.strip().split("\\s+")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String[] cols : table("/dev/labhand/agent/router/template-words.txt")) {
            for (String w : cols[1].split(" ")) familyOf.put(w, cols[0]);
        }
    }

    /** Fixes the known words (those of the training sentences): any other Latin word is a typo or a name. */
    void vocabulary(Set<String> words) {
        this.vocabulary = Set.copyOf(words);
        vocabularyByLength.clear();
        for (String w : new java.util.TreeSet<>(words)) vocabularyByLength.computeIfAbsent(w.length(), k -> new ArrayList<>()).add(w);
    }

    /** The known words (empty while they are being collected). */
    Set<String> vocabulary() {
        return vocabulary == null ? Set.of() : vocabulary;
    }

    /** The Latin words of a sentence as the vocabulary keeps them. */
    List<String> latinWords(String text, Known known, Collection<String> asUnknown) {
        Reading r = read(text, known, asUnknown, true);
        List<String> out = new ArrayList<>();
        for (String f : r.features) if (f.startsWith("w:") && !f.startsWith("w:<")) out.add(f.substring(2));
        return out;
    }

    /** Reads {@code text}; {@code asUnknown} are words to read as unknown names (training: the labelled names). */
    Reading read(String text, Known known, Collection<String> asUnknown) {
        return read(text, known, asUnknown, false);
    }

    private Reading read(String raw, Known known, Collection<String> asUnknown, boolean collecting) {
        Reading r = new Reading();
        r.text = raw.strip();
        String lower = raw.replace('’', '\'').replace('‘', '\'').replace('“', '"').replace('”', '"').toLowerCase(Locale.ROOT);
        r.explicitName = explicitName(lower);
        if (r.explicitName != null && common.contains(r.explicitName)) r.explicitName = null;

        // tokens, and the pieces names are matched on (Latin tokens; Hangul words as their renderings)
        List<Token> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(lower);
        while (m.find()) {
            String t = m.group();
            boolean hangul = HANGUL.matcher(t).find();
            if (!hangul && t.endsWith("'s")) t = t.substring(0, t.length() - 2);
            tokens.add(new Token(t, m.start(), m.end(), hangul));
        }
        List<Piece> pieces = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (!t.hangul) {
                pieces.add(new Piece(t.text, i));
                continue;
            }
            List<String> rendered = render(t.text);
            if (rendered.isEmpty()) pieces.add(null);
            for (String w : rendered) pieces.add(new Piece(w, i));
            r.words.addAll(rendered);
        }

        // known resources: exact names, names through renderings ("마이 주피터"), then typos of one's own
        Map<String, Known.Entity> byName = new HashMap<>();
        for (Known.Entity e : known.entities()) byName.putIfAbsent(e.name(), e);
        Map<Integer, Known.Entity> mentionAt = new TreeMap<>();
        boolean[] used = new boolean[tokens.size()];
        for (int i = 0; i < pieces.size(); ) {
            int taken = 0;
            for (int n = Math.min(3, pieces.size() - i); n >= 1 && taken == 0; n--) {
                List<Piece> window = pieces.subList(i, i + n);
                if (window.contains(null)) continue;
                boolean anyFree = window.stream().anyMatch(p -> !used[p.token]);
                if (!anyFree) continue;
                for (String joined : List.of(join(window, "-"), join(window, ""))) {
                    Known.Entity e = byName.get(joined);
                    if (e == null) continue;
                    r.mentions.add(new Reading.Mention(e, joined, false));
                    for (Piece p : window) used[p.token] = true;
                    mentionAt.putIfAbsent(tokens.get(window.get(0).token).start, e);
                    taken = n;
                    break;
                }
            }
            i += Math.max(1, taken);
        }
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (used[i] || t.hangul || t.text.length() < 5 || !LATIN_LETTER.matcher(t.text).find()) continue;
            if (vocabulary != null && vocabulary.contains(t.text)) continue;
            Known.Entity e = closest(t.text, known);
            if (e != null) {
                r.mentions.add(new Reading.Mention(e, t.text, true));
                used[i] = true;
                mentionAt.put(t.start, e);
            }
        }

        // the sequence of items the features are made of, in sentence order
        List<Item> items = new ArrayList<>();
        for (Map.Entry<Integer, Known.Entity> e : mentionAt.entrySet()) items.add(new Item(e.getKey(), e.getValue().kind().placeholder));
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (used[i] || t.hangul) continue;
            String w = t.text;
            String item;
            if (DIGITS.matcher(w).matches()) {
                r.numbers.add(new Reading.Number(Long.parseLong(w), i > 0 ? tokens.get(i - 1).text : "",
                        i + 1 < tokens.size() ? tokens.get(i + 1).text : ""));
                item = "<num>";
            } else if (SIZE.matcher(w).matches()) {
                r.shaped.add(w);
                item = "<size>";
            } else if (w.contains("/") || w.contains(":")) {
                r.shaped.add(w);
                item = "<ref>";
            } else if (asUnknown.contains(w)) {
                r.unknown.add(w);
                item = "<unk>";
            } else if (collecting || vocabulary == null || vocabulary.contains(w) || common.contains(w)) {
                item = w;
            } else {
                String near = nearest(w);
                if (near != null) {
                    // a typo of a known word; still possibly a member's name ("alice" is one edit from "alive")
                    item = near;
                    r.corrected.add(w);
                    grams(r.features, w, 2, 4);
                } else {
                    r.unknown.add(w);
                    item = "<unk>";
                }
            }
            if (w.contains(".")) r.shaped.add(w);
            if (!item.startsWith("<")) {
                r.words.add(w);
                for (String part : w.split("[-._]")) r.words.add(part);
                if (!item.equals(w)) r.words.add(item);
                grams(r.features, item, 2, 4);
            }
            items.add(new Item(t.start, item));
        }
        for (Item item : items) r.features.add("w:" + item.text);
        // Korean: morphemes (not those inside a rendered name) and the syllable n-grams of each word
        List<int[]> mentionSpans = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) if (used[i]) mentionSpans.add(new int[] {tokens.get(i).start, tokens.get(i).end});
        for (RouterTerms.Morpheme mo : terms.morphemes(lower)) {
            if (inside(mo.start(), mentionSpans)) continue;
            r.features.add("m:" + mo.text());
            items.add(new Item(mo.start(), "m:" + mo.text()));
        }
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).hangul && !used[i]) grams(r.features, tokens.get(i).text, 1, 3);
        }
        items.sort(java.util.Comparator.comparingInt(Item::offset)); // stable: morphemes at one offset keep their order
        for (Item item : items) r.sequence.add(item.text);
        bigrams(r.features, r.sequence);
        r.features.add("bias");

        // template words, outside names
        for (int i = 0; i < tokens.size(); i++) {
            if (used[i]) continue;
            Token t = tokens.get(i);
            List<String> words = t.hangul ? render(t.text) : List.of(t.text.split("[-._]"));
            for (String w : words) concept(r, w);
        }
        if (NO_GPU.matcher(lower).find()) {
            r.cpu = true;
            r.gpu = false;
        }
        return r;
    }

    private void concept(Reading r, String w) {
        String family = familyOf.get(w);
        if (family != null && !r.families.contains(family)) r.families.add(family);
        if (w.equals("jupyter")) r.jupyter = true;
        if (w.equals("gpu") || w.equals("gpus")) r.gpu = true;
        if (w.equals("cpu")) r.cpu = true;
    }

    /** The Latin words a Hangul word renders ("마이주피터를" → my, jupyter); empty when it starts with none. */
    List<String> render(String hangul) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < hangul.length()) {
            String found = null;
            for (int n = Math.min(longestRendering, hangul.length() - i); n >= 1; n--) {
                String latin = renderings.get(hangul.substring(i, i + n));
                if (latin != null) {
                    found = latin;
                    i += n;
                    break;
                }
            }
            if (found == null) break;
            out.add(found);
        }
        return out;
    }

    /** One's own resource a typo names: edit distance scaled to length (1 up to 8 letters, 2 from 9), unique. */
    private static Known.Entity closest(String word, Known known) {
        int allowed = word.length() >= 9 ? 2 : 1;
        Known.Entity best = null;
        int bestDistance = Integer.MAX_VALUE;
        boolean tie = false;
        for (Known.Entity e : known.entities()) {
            if (!e.fuzzy() || Math.abs(e.name().length() - word.length()) > allowed) continue;
            int d = osa(word, e.name());
            if (d > allowed) continue;
            if (d < bestDistance) {
                best = e;
                bestDistance = d;
                tie = false;
            } else if (d == bestDistance && !e.name().equals(best.name())) {
                tie = true;
            }
        }
        return tie ? null : best;
    }

    /** The known word one edit away (two for long words), or null: "stpo" is stop, "deelete" delete. */
    private String nearest(String word) {
        if (word.length() < 4 || !PLAIN_WORD.matcher(word).matches()) return null;
        int allowed = word.length() >= 8 ? 2 : 1;
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (int len = word.length() - allowed; len <= word.length() + allowed; len++) {
            for (String v : vocabularyByLength.getOrDefault(len, List.of())) {
                if (v.length() < 3) continue;
                int d = osa(word, v);
                if (d <= allowed && d < bestDistance) {
                    best = v;
                    bestDistance = d;
                }
            }
        }
        return best;
    }

    private static void bigrams(List<String> out, List<String> sequence) {
        String previous = "^";
        for (String item : sequence) {
            out.add("b:" + previous + " " + item);
            previous = item;
        }
        out.add("b:" + previous + " $");
    }

    /**
     * The features of a training sentence with {@code rare} words read as unknown: words seen once in training
     * stand in for the words a learner will use that training never saw, so an unknown word is not taken as a
     * sign of any one tool.
     */
    static List<String> withUnknown(Reading r, Set<String> rare) {
        List<String> sequence = r.sequence.stream().map(w -> rare.contains(w) ? "<unk>" : w).toList();
        if (sequence.equals(r.sequence)) return r.features;
        List<String> out = new ArrayList<>();
        for (String f : r.features) {
            if (f.startsWith("b:")) continue;
            out.add(f.startsWith("w:") && rare.contains(f.substring(2)) ? "w:<unk>" : f);
        }
        bigrams(out, sequence);
        return out;
    }

    private static boolean inside(int offset, List<int[]> spans) {
        for (int[] s : spans) if (offset >= s[0] && offset < s[1]) return true;
        return false;
    }

    private static void grams(List<String> out, String word, int from, int to) {
        String w = "^" + word + "$";
        for (int n = from; n <= to; n++) {
            for (int i = 0; i + n <= w.length(); i++) out.add("c:" + w.substring(i, i + n));
        }
    }

    private static String join(List<Piece> window, String joiner) {
        StringBuilder sb = new StringBuilder();
        for (Piece p : window) {
            if (sb.length() > 0) sb.append(joiner);
            sb.append(p.text);
        }
        return sb.toString();
    }

    private static String explicitName(String lower) {
        for (Pattern p : NAMED) {
            Matcher m = p.matcher(lower);
            while (m.find()) {
                String name = m.group(1);
                if (!name.equals("workspace") && !name.equals("it")) return name;
            }
        }
        return null;
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
    static int osa(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    private record Token(String text, int start, int end, boolean hangul) {}

    private record Item(int offset, String text) {}

    private record Piece(String text, int token) {}

    private static List<String[]> table(String resource) {
        try (InputStream in = SentenceReader.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing resource " + resource);
            List<String[]> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] cols = line.split("\t");
                if (cols.length != 2) throw new IllegalStateException(resource + ": a line needs one tab: " + line);
                out.add(new String[] {cols[0].strip(), cols[1].strip()});
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
