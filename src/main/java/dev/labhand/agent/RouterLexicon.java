package dev.labhand.agent;

import dev.labhand.agent.RouterTerms.Term;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The router's small bilingual lexicon ({@code router-lexicon.txt}): phrases in Korean and English, each
 * mapped to one canonical word of the catalog ({@code stop}, {@code workspace}, {@code torch}). Entries are
 * analysed with the same {@link RouterTerms} as the sentences, so matching is term by term, longest phrase
 * first, with edit distance 1 (a swap counts as one edit) for Latin words of five letters or more.
 */
final class RouterLexicon {

    /** A canonical word found at terms {@code from} (inclusive) to {@code to} (exclusive). */
    record Hit(String concept, int from, int to, boolean fuzzy) {}

    private record Entry(List<String> terms, String concept) {}

    private final Map<String, List<Entry>> byFirstTerm = new HashMap<>();
    private final Map<String, String> latinWords = new HashMap<>();

    RouterLexicon(RouterTerms analysis, String resource) {
        String text;
        try (InputStream in = RouterLexicon.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing resource " + resource);
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] cols = line.split("\t", 2);
            if (cols.length != 2) throw new IllegalStateException("lexicon line needs a tab: " + line);
            String concept = cols[0].strip();
            for (String phrase : cols[1].split("\\|")) {
                List<String> terms = analysis.terms(phrase.strip()).stream().map(Term::text).toList();
                if (terms.isEmpty()) continue;
                byFirstTerm.computeIfAbsent(terms.get(0), k -> new ArrayList<>()).add(new Entry(terms, concept));
                if (terms.size() == 1 && terms.get(0).matches("[a-z][a-z0-9-]*")) latinWords.putIfAbsent(terms.get(0), concept);
            }
        }
        byFirstTerm.values().forEach(l -> l.sort((a, b) -> b.terms().size() - a.terms().size()));
    }

    /** True when the word is a lexicon word as it stands (so it is not a name). */
    boolean knows(String word) {
        return byFirstTerm.containsKey(word);
    }

    /** The canonical word of one Latin word: exact, a plural or -ing form, or one edit away. */
    String latin(String word) {
        String exact = single(word);
        if (exact != null) return exact;
        for (String suffix : new String[] {"s", "es", "ing", "ed", "d"}) {
            if (word.length() > suffix.length() + 2 && word.endsWith(suffix)) {
                String s = single(word.substring(0, word.length() - suffix.length()));
                if (s != null) return s;
            }
        }
        return null;
    }

    /** A word one edit from a lexicon word of five letters or more (a typo), or null. */
    String fuzzy(String word) {
        if (word.length() < 5 || !word.matches("[a-z][a-z-]*")) return null;
        String best = null;
        boolean bestSameLength = false;
        for (Map.Entry<String, String> e : latinWords.entrySet()) {
            String known = e.getKey();
            if (known.length() < 5 || Math.abs(known.length() - word.length()) > 1) continue;
            if (osa(word, known) != 1) continue;
            boolean sameLength = known.length() == word.length();
            if (best == null || (sameLength && !bestSameLength)) {
                best = known;
                bestSameLength = sameLength;
            } else if (sameLength == bestSameLength && !latinWords.get(best).equals(e.getValue())) {
                return null; // two readings equally close: not a typo we can fix
            }
        }
        return best;
    }

    private String single(String word) {
        List<Entry> entries = byFirstTerm.get(word);
        if (entries == null) return null;
        for (Entry e : entries) if (e.terms().size() == 1) return e.concept();
        return null;
    }

    /**
     * Canonical words in {@code terms}, longest phrase first; {@code skip[i]} marks terms already taken
     * (names, numbers, image references) that no phrase may use.
     */
    List<Hit> match(List<String> given, boolean[] skip) {
        List<String> terms = new ArrayList<>(given);
        boolean[] corrected = new boolean[terms.size()];
        for (int k = 0; k < terms.size(); k++) {
            String t = terms.get(k);
            if (skip[k] || byFirstTerm.containsKey(t) || latin(t) != null) continue;
            String typo = fuzzy(t);
            if (typo != null) {
                terms.set(k, typo);
                corrected[k] = true;
            }
        }
        List<Hit> hits = new ArrayList<>();
        int i = 0;
        while (i < terms.size()) {
            if (skip[i]) {
                i++;
                continue;
            }
            Hit hit = longest(terms, skip, i);
            if (hit != null) {
                if (corrected[i]) hit = new Hit(hit.concept(), hit.from(), hit.to(), true);
                hits.add(hit);
                i = hit.to();
            } else {
                i++;
            }
        }
        return hits;
    }

    private Hit longest(List<String> terms, boolean[] skip, int i) {
        String first = terms.get(i);
        List<Entry> entries = byFirstTerm.get(first);
        if (entries != null) {
            for (Entry e : entries) {
                int n = e.terms().size();
                if (i + n > terms.size()) continue;
                boolean ok = true;
                for (int k = 1; k < n && ok; k++) ok = !skip[i + k] && terms.get(i + k).equals(e.terms().get(k));
                if (ok) return new Hit(e.concept(), i, i + n, false);
            }
        }
        String inflected = latin(first);
        if (inflected != null) return new Hit(inflected, i, i + 1, false);
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
}
