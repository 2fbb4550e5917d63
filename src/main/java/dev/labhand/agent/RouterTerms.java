package dev.labhand.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.ko.KoreanTokenizer;
import org.apache.lucene.analysis.ko.POS;
import org.apache.lucene.analysis.ko.dict.UserDictionary;
import org.apache.lucene.analysis.ko.tokenattributes.PartOfSpeechAttribute;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;

/**
 * Cuts a chat line into the terms the router matches: Korean through Nori (morphemes, so particles and
 * endings such as 을/를/으로, 해 주세요, 할래 fall away and 꺼 / 꺼 줘 / 꺼 주세요 all give the stem 끄), Latin
 * words and command-like tokens ({@code nvidia-smi}, {@code rocker/ml:4.4}) whole and lower-cased. Terms keep
 * their offsets so both scripts sit in one sequence in sentence order. Thread-safe.
 */
final class RouterTerms {

    /** One term; {@code latin} terms are whole tokens as written (lower-cased), the others Nori stems. */
    record Term(String text, int start, int end, boolean latin) {}

    /** Nori's tags that carry meaning for intent: nouns, verbs, adjectives, adverbs, determiners, interjections. */
    private static final Set<POS.Tag> KEEP = EnumSet.of(POS.Tag.NNG, POS.Tag.NNP, POS.Tag.NNB, POS.Tag.NNBC,
            POS.Tag.NR, POS.Tag.NP, POS.Tag.VV, POS.Tag.VA, POS.Tag.VX, POS.Tag.MAG, POS.Tag.MM, POS.Tag.IC,
            POS.Tag.XR);

    /** Auxiliary verbs of asking politely ("해 줘", "해 주세요"): they say nothing about what to do. */
    private static final Set<String> DROP_STEMS = Set.of("주", "드리", "시");

    /** Latin words, numbers and references: letters, digits and the joiners of names and image references. */
    private static final Pattern LATIN = Pattern.compile("[a-z0-9](?:[a-z0-9._/:'-]*[a-z0-9])?");

    private static final Pattern HANGUL = Pattern.compile("[\\uAC00-\\uD7A3]");

    private final Analyzer korean;

    RouterTerms() {
        UserDictionary dictionary = userDictionary();
        this.korean = new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String field) {
                Tokenizer tokenizer = new KoreanTokenizer(TokenStream.DEFAULT_TOKEN_ATTRIBUTE_FACTORY, dictionary,
                        KoreanTokenizer.DecompoundMode.DISCARD, false, true);
                return new TokenStreamComponents(tokenizer);
            }
        };
    }

    /** The terms of {@code text} in sentence order. */
    List<Term> terms(String text) {
        String lower = normalise(text);
        List<Term> out = new ArrayList<>();
        Matcher m = LATIN.matcher(lower);
        while (m.find()) {
            String token = m.group();
            // "what's", "isn't": keep the word, the apostrophe part is grammar
            int apostrophe = token.indexOf('\'');
            if (apostrophe > 0) {
                String head = token.substring(0, apostrophe);
                String tail = token.substring(apostrophe + 1);
                out.add(new Term(tail.equals("t") ? head + "'t" : head, m.start(), m.end(), true));
                continue;
            }
            out.add(new Term(token, m.start(), m.end(), true));
        }
        if (HANGUL.matcher(lower).find()) out.addAll(korean(lower));
        out.sort(Comparator.comparingInt(Term::start));
        return out;
    }

    /** Only the Latin tokens, whole, in order. */
    static List<String> latinTokens(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = LATIN.matcher(normalise(text));
        while (m.find()) out.add(m.group());
        return out;
    }

    static String normalise(String text) {
        return text.replace('’', '\'').replace('‘', '\'').replace('“', '"').replace('”', '"')
                .toLowerCase(Locale.ROOT);
    }

    private List<Term> korean(String text) {
        List<Term> out = new ArrayList<>();
        try (TokenStream ts = korean.tokenStream("", text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            OffsetAttribute offset = ts.addAttribute(OffsetAttribute.class);
            PartOfSpeechAttribute pos = ts.addAttribute(PartOfSpeechAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                POS.Tag tag = pos.getLeftPOS();
                if (tag == null || !KEEP.contains(tag)) continue;
                String t = term.toString();
                if (!HANGUL.matcher(t).find()) continue;
                if ((tag == POS.Tag.VX || tag == POS.Tag.VV) && DROP_STEMS.contains(t)) continue;
                out.add(new Term(t, offset.startOffset(), offset.endOffset(), false));
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The router's own dictionary plus the course terms the knowledge index already uses. */
    private static UserDictionary userDictionary() {
        Set<String> lines = new LinkedHashSet<>();
        for (String resource : List.of("/dev/labhand/agent/router-user-dictionary.txt",
                "/dev/labhand/ask/nori-user-dictionary.txt")) {
            try (InputStream in = RouterTerms.class.getResourceAsStream(resource)) {
                if (in == null) continue;
                String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                for (String line : all.split("\n")) {
                    String l = line.strip();
                    if (l.isEmpty() || l.startsWith("#")) continue;
                    String word = l.split("\\s+")[0];
                    if (lines.stream().noneMatch(x -> x.split("\\s+")[0].equals(word))) lines.add(l);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        try {
            return UserDictionary.open(new InputStreamReader(
                    new java.io.ByteArrayInputStream(String.join("\n", lines).getBytes(StandardCharsets.UTF_8)),
                    StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
