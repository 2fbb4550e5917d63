package dev.labhand.agent.router;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
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
 * Korean morphemes through Nori, with their offsets: stems, particles and endings alike (꺼 줘, 꺼 주세요 and
 * 끌래 share the stem 끄; a question ending such as 나요 or 뭐예요 tells a question from a request). Course
 * words Nori would cut apart come from a user dictionary. Thread-safe.
 */
final class RouterTerms {

    /** One morpheme of the sentence, at {@code start}..{@code end}. */
    record Morpheme(String text, int start, int end) {}

    /** Punctuation and symbols say nothing about intent. */
    private static final Set<POS.Tag> SKIP = EnumSet.of(POS.Tag.SF, POS.Tag.SP, POS.Tag.SC, POS.Tag.SE,
            POS.Tag.SSO, POS.Tag.SSC, POS.Tag.SY, POS.Tag.SL, POS.Tag.SH, POS.Tag.SN, POS.Tag.UNKNOWN);
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

    /** The Hangul morphemes of {@code text} (already lower-cased) in order; none when it has no Hangul. */
    List<Morpheme> morphemes(String text) {
        List<Morpheme> out = new ArrayList<>();
        if (!HANGUL.matcher(text).find()) return out;
        try (TokenStream ts = korean.tokenStream("", text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            OffsetAttribute offset = ts.addAttribute(OffsetAttribute.class);
            PartOfSpeechAttribute pos = ts.addAttribute(PartOfSpeechAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                POS.Tag tag = pos.getLeftPOS();
                if (tag == null || SKIP.contains(tag)) continue;
                String t = term.toString();
                if (!HANGUL.matcher(t).find()) continue;
                out.add(new Morpheme(t, offset.startOffset(), offset.endOffset()));
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The router's own dictionary plus the course terms the knowledge index already uses. */
    private static UserDictionary userDictionary() {
        Set<String> words = new LinkedHashSet<>();
        List<String> lines = new ArrayList<>();
        for (String resource : List.of("/dev/labhand/agent/router/user-dictionary.txt",
                "/dev/labhand/ask/nori-user-dictionary.txt")) {
            try (InputStream in = RouterTerms.class.getResourceAsStream(resource)) {
                if (in == null) continue;
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    String l = line.strip();
                    if (l.isEmpty() || l.startsWith("#")) continue;
                    if (words.add(l.split("\\s+")[0])) lines.add(l);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        try {
            return UserDictionary.open(new InputStreamReader(
                    new ByteArrayInputStream(String.join("\n", lines).getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
