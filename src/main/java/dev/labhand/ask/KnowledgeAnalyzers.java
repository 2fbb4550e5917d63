package dev.labhand.ask;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.FilteringTokenFilter;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.cjk.CJKBigramFilter;
import org.apache.lucene.analysis.core.FlattenGraphFilter;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.ko.KoreanPartOfSpeechStopFilter;
import org.apache.lucene.analysis.ko.KoreanReadingFormFilter;
import org.apache.lucene.analysis.ko.KoreanTokenizer;
import org.apache.lucene.analysis.ko.POS;
import org.apache.lucene.analysis.ko.dict.UserDictionary;
import org.apache.lucene.analysis.ko.tokenattributes.PartOfSpeechAttribute;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.miscellaneous.WordDelimiterGraphFilter;
import org.apache.lucene.analysis.pattern.PatternReplaceCharFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;

/**
 * How questions and knowledge entries are cut into terms. Korean text goes through Nori (the chain of
 * {@code KoreanAnalyzer}, in MIXED decompound mode so compounds keep their original form beside their
 * parts, with a user dictionary of course terms written in Hangul); English text through the chain of
 * {@code EnglishAnalyzer}, plus splitting of command-like tokens ({@code torch.cuda.is_available}). Each keeps
 * only its own script, so a word counts once whichever language it is asked in.
 * Both drop the words every question has ("how", "뭐", "하다"), so they cannot outweigh the topic words.
 */
final class KnowledgeAnalyzers {
    static final String TITLE_KO = "title_ko";
    static final String TITLE_EN = "title_en";
    static final String KEYWORDS_KO = "keywords_ko";
    static final String KEYWORDS_EN = "keywords_en";
    static final String BODY_KO = "body_ko";
    static final String BODY_EN = "body_en";
    /** Hangul character bigrams of titles and keywords: what still matches when Nori cuts a word differently. */
    static final String BIGRAMS_KO = "bigrams_ko";

    /** Nori's default stop tags, plus pronouns, copulas and auxiliary verbs: none of them names a topic. */
    private static final Set<POS.Tag> KOREAN_STOP_TAGS;

    static {
        Set<POS.Tag> tags = EnumSet.noneOf(POS.Tag.class);
        tags.addAll(KoreanPartOfSpeechStopFilter.DEFAULT_STOP_TAGS);
        tags.addAll(Set.of(POS.Tag.NP, POS.Tag.VCP, POS.Tag.VCN, POS.Tag.VX, POS.Tag.NNB, POS.Tag.UNKNOWN));
        KOREAN_STOP_TAGS = Set.copyOf(tags);
    }

    /** Stems and nouns every Korean question is made of, whatever its topic. */
    private static final CharArraySet KOREAN_STOP_WORDS = new CharArraySet(Arrays.asList(
            "하", "되", "있", "없", "같", "그렇", "그러", "이렇", "어떻", "보", "주", "싶", "알", "모르", "나오", "뜨", "만들",
            "것", "거", "수", "때", "방법", "법", "질문", "문제", "좀", "왜", "계속", "그냥", "너무", "진짜", "혹시", "이거",
            "저거", "요", "해결", "경우", "다음", "다시", "이유", "차이", "뜻", "의미", "설명", "무엇", "뭐", "어디", "언제",
            "매번", "바로"), false);

    /** Lucene's English stop words plus the words of asking itself. */
    private static final CharArraySet ENGLISH_STOP_WORDS;

    static {
        CharArraySet words = new CharArraySet(EnglishAnalyzer.ENGLISH_STOP_WORDS_SET, true);
        words.addAll(Arrays.asList(
                "what", "why", "how", "when", "where", "which", "who", "whom", "whose", "do", "does", "did", "doing",
                "done", "i", "im", "me", "my", "mine", "you", "your", "we", "our", "us", "can", "could", "should",
                "would", "may", "might", "must", "shall", "get", "gets", "got", "getting", "want", "need", "help",
                "please", "hi", "hello", "thanks", "thank", "just", "so", "any", "some", "from", "have", "has",
                "had", "am", "been", "being", "its", "about", "up", "way", "ok", "okay", "also", "still", "work",
                "works", "working", "anyone", "someone", "something", "thing", "things", "mean", "means",
                "meaning", "explain", "explained", "difference", "between", "vs", "versus", "problem", "issue",
                "question", "here", "there", "now", "again", "really", "very", "too", "all", "don't", "doesn't",
                "can't", "won't", "isn't", "i'm", "what's", "it's", "dont", "doesnt", "cant", "wont", "isnt", "s", "t"));
        ENGLISH_STOP_WORDS = CharArraySet.unmodifiableSet(words);
    }

    /** Where Latin letters or digits meet Hangul: "jupyter에서" is "jupyter" + "에서" to the English chain. */
    private static final Pattern SCRIPT_BOUNDARY =
            Pattern.compile("(?<=[A-Za-z0-9])(?=[\\uAC00-\\uD7A3])|(?<=[\\uAC00-\\uD7A3])(?=[A-Za-z0-9])");

    private KnowledgeAnalyzers() {}

    /** One analyzer per field: Korean fields with Nori, English fields with the English chain, bigrams apart. */
    static Analyzer perField(Analyzer korean, Analyzer english, Analyzer bigrams) {
        return new PerFieldAnalyzerWrapper(english, Map.of(
                TITLE_KO, korean, KEYWORDS_KO, korean, BODY_KO, korean,
                TITLE_EN, english, KEYWORDS_EN, english, BODY_EN, english, BIGRAMS_KO, bigrams));
    }

    /**
     * Hangul words as overlapping character bigrams ("포트포워딩" → 포트, 트포, 포워, 워딩): spacing, particles
     * and words Nori does not know still share most of their bigrams with the note's. Other scripts are dropped.
     */
    static Analyzer koreanBigrams() {
        return new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String field) {
                Tokenizer tokenizer = new StandardTokenizer();
                TokenStream stream = new KeepScript(tokenizer, true);
                stream = new CJKBigramFilter(stream, CJKBigramFilter.HANGUL, false);
                return new TokenStreamComponents(tokenizer, stream);
            }
        };
    }

    static Analyzer korean() {
        UserDictionary dictionary = userDictionary();
        return new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String field) {
                Tokenizer tokenizer = new KoreanTokenizer(TokenStream.DEFAULT_TOKEN_ATTRIBUTE_FACTORY, dictionary,
                        KoreanTokenizer.DecompoundMode.MIXED, false, true);
                TokenStream stream = new DropInflectedSurfaceForms(tokenizer);
                stream = new KoreanPartOfSpeechStopFilter(stream, KOREAN_STOP_TAGS);
                stream = new KoreanReadingFormFilter(stream);
                stream = new LowerCaseFilter(stream);
                stream = new StopFilter(stream, KOREAN_STOP_WORDS);
                stream = new StopFilter(stream, ENGLISH_STOP_WORDS);
                stream = new KeepScript(stream, true);
                return new TokenStreamComponents(tokenizer, new FlattenGraphFilter(stream));
            }

            @Override
            protected TokenStream normalize(String field, TokenStream in) {
                return new LowerCaseFilter(in);
            }
        };
    }

    static Analyzer english() {
        int split = WordDelimiterGraphFilter.GENERATE_WORD_PARTS | WordDelimiterGraphFilter.GENERATE_NUMBER_PARTS
                | WordDelimiterGraphFilter.PRESERVE_ORIGINAL;
        return new Analyzer() {
            @Override
            protected Reader initReader(String field, Reader reader) {
                return new PatternReplaceCharFilter(SCRIPT_BOUNDARY, " ", reader);
            }

            @Override
            protected TokenStreamComponents createComponents(String field) {
                Tokenizer tokenizer = new StandardTokenizer();
                TokenStream stream = new EnglishPossessiveFilter(tokenizer);
                stream = new WordDelimiterGraphFilter(stream, split, null);
                stream = new FlattenGraphFilter(stream);
                stream = new LowerCaseFilter(stream);
                stream = new StopFilter(stream, ENGLISH_STOP_WORDS);
                stream = new PorterStemFilter(stream);
                stream = new KeepScript(stream, false);
                stream = new DropSingleDigits(stream);
                return new TokenStreamComponents(tokenizer, stream);
            }

            @Override
            protected TokenStream normalize(String field, TokenStream in) {
                return new LowerCaseFilter(in);
            }
        };
    }

    private static UserDictionary userDictionary() {
        String resource = "nori-user-dictionary.txt";
        try (InputStream in = KnowledgeAnalyzers.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing resource dev/labhand/ask/" + resource);
            return UserDictionary.open(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * In MIXED mode Nori emits an inflected word's surface form ("열려요") before its morphemes ("열리");
     * surface forms vary with every ending, so only the morphemes are kept. Compounds keep their original.
     */
    private static final class DropInflectedSurfaceForms extends FilteringTokenFilter {
        private final PartOfSpeechAttribute pos = addAttribute(PartOfSpeechAttribute.class);

        DropInflectedSurfaceForms(TokenStream in) {
            super(in);
        }

        @Override
        protected boolean accept() {
            return pos.getPOSType() != POS.Type.INFLECT;
        }
    }

    /** A lone digit ("WSL 2", "(1)", "~2") names no topic; numbers like 137 or 8787 do. */
    private static final class DropSingleDigits extends FilteringTokenFilter {
        private final CharTermAttribute term = addAttribute(CharTermAttribute.class);

        DropSingleDigits(TokenStream in) {
            super(in);
        }

        @Override
        protected boolean accept() {
            return !(term.length() == 1 && Character.isDigit(term.charAt(0)));
        }
    }

    /**
     * Each chain keeps only its own script: Nori the words with Hangul syllables, the English chain the rest.
     * A mixed question's words then count once, in their own language's fields, and "ㅠㅠ" (feelings written
     * in bare jamo) counts nowhere.
     */
    private static final class KeepScript extends FilteringTokenFilter {
        private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
        private final boolean hangul;

        KeepScript(TokenStream in, boolean hangul) {
            super(in);
            this.hangul = hangul;
        }

        @Override
        protected boolean accept() {
            boolean syllables = false;
            boolean jamoOnly = true;
            for (int i = 0; i < term.length(); i++) {
                char c = term.charAt(i);
                if (c >= '\uAC00' && c <= '\uD7A3') syllables = true;
                if (c < '\u3131' || c > '\u318E') jamoOnly = false;
            }
            return hangul ? syllables : !syllables && !jamoOnly;
        }
    }

    /**
     * The terms of {@code text} grouped by the words they come from: a compound and its parts ("노트북", "노트",
     * "북"), or a command and its pieces ("torch.cuda", "torch", "cuda"), overlap in the text and form one group,
     * so a question's word counts once however many terms the analyzer made of it. At most {@code max} groups;
     * repeated groups are dropped.
     */
    static List<List<String>> termGroups(Analyzer analyzer, String field, String text, int max) {
        List<List<String>> groups = new ArrayList<>();
        Set<List<String>> seen = new LinkedHashSet<>();
        try (TokenStream ts = analyzer.tokenStream(field, text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            OffsetAttribute offset = ts.addAttribute(OffsetAttribute.class);
            ts.reset();
            List<String> group = null;
            int groupEnd = -1;
            while (ts.incrementToken()) {
                if (term.length() == 0) continue;
                if (group != null && offset.startOffset() < groupEnd) {
                    if (!group.contains(term.toString())) group.add(term.toString());
                    groupEnd = Math.max(groupEnd, offset.endOffset());
                    continue;
                }
                if (group != null && seen.add(group)) groups.add(group);
                if (groups.size() >= max) break;
                group = new ArrayList<>(List.of(term.toString()));
                groupEnd = offset.endOffset();
            }
            if (group != null && groups.size() < max && seen.add(group)) groups.add(group);
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return groups;
    }

    /** Distinct terms of {@code text} as {@code field}'s analyzer makes them, at most {@code max}. */
    static Set<String> terms(Analyzer analyzer, String field, String text, int max) {
        Set<String> out = new LinkedHashSet<>();
        try (TokenStream ts = analyzer.tokenStream(field, text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken() && out.size() < max) {
                if (term.length() > 0) out.add(term.toString());
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    static boolean hasHangul(String text) {
        return text.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HANGUL);
    }
}
