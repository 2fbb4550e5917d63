package dev.labhand.agent.router;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything the router took from one sentence: the model's features, and for slot filling the resources it
 * names (by type), numbers with the words around them, reference-shaped tokens (images, VM sizes), words that
 * are no known word (names said as such), an explicitly given new name and the template words.
 */
final class Reading {
    /** A known resource named in the sentence, exactly, through a Korean rendering, or as a typo ({@code fuzzy}). */
    record Mention(Known.Entity entity, String said, boolean fuzzy) {}

    /** A number, with the words just before and after it ("20 lines", "8888 포트", "port 8787"). */
    record Number(long value, String before, String after) {}

    String text;
    final List<String> features = new ArrayList<>();
    /** The word-level items in sentence order (words, types of names, morphemes "m:…"), of which bigrams are made. */
    final List<String> sequence = new ArrayList<>();
    final List<Mention> mentions = new ArrayList<>();
    final List<Number> numbers = new ArrayList<>();
    /** Tokens shaped like references: with '/', ':' or '.', or a cloud VM size. */
    final List<String> shaped = new ArrayList<>();
    /** Latin tokens that are no word the router knows, in order: names said as such. */
    final List<String> unknown = new ArrayList<>();
    /** Latin words read as a typo of a known word: a member's name may still be one. */
    final List<String> corrected = new ArrayList<>();
    /** Every Latin word as written (not resources, not numbers), and Korean renderings, lower-case. */
    final Set<String> words = new LinkedHashSet<>();
    /** A name given as one ("called thesis", "이름은 thesis", "thesis라는"). */
    String explicitName;
    /** Template families the sentence names, in order (python, r, pyspark, starter). */
    final List<String> families = new ArrayList<>();
    boolean gpu;
    boolean cpu;
    boolean jupyter;

    /** The resources of one kind the sentence names, in order. */
    List<String> named(Known.Kind kind) {
        List<String> out = new ArrayList<>();
        for (Mention m : mentions) if (m.entity().kind() == kind && !out.contains(m.entity().name())) out.add(m.entity().name());
        return out;
    }

    boolean names(Known.Kind kind) {
        return mentions.stream().anyMatch(m -> m.entity().kind() == kind);
    }
}
