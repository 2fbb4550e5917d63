package dev.labhand.ask;

import static dev.labhand.ask.KnowledgeAnalyzers.BODY_EN;
import static dev.labhand.ask.KnowledgeAnalyzers.BIGRAMS_KO;
import static dev.labhand.ask.KnowledgeAnalyzers.BODY_KO;
import static dev.labhand.ask.KnowledgeAnalyzers.KEYWORDS_EN;
import static dev.labhand.ask.KnowledgeAnalyzers.KEYWORDS_KO;
import static dev.labhand.ask.KnowledgeAnalyzers.TITLE_EN;
import static dev.labhand.ask.KnowledgeAnalyzers.TITLE_KO;

import dev.labhand.ask.KnowledgeBase.Entry;
import dev.labhand.tool.Caller.Lang;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.DisjunctionMaxQuery;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.ByteBuffersDirectory;

/**
 * The knowledge base as an in-memory Lucene index, built once at start-up. Every question is searched in
 * both languages' fields (learners mix them: "docker run 할 때 포트가 안 열려요"), each field analysed the
 * way it was indexed; titles and keywords weigh more than bodies. Questions are never parsed as Lucene
 * syntax: they are cut into terms, so {@code *}, {@code :} or quotes mean nothing. Thread-safe.
 */
public final class KnowledgeIndex {
    /** Below this score a hit is noise (one common word in a body), not an answer. */
    static final float MIN_SCORE = 2.0f;
    /** Terms taken from a question per language; 256 characters never need more. */
    private static final int MAX_TERMS = 48;
    /** How much a word says about a topic by where it occurs: in a title, among the keywords, in the body. */
    private static final float TITLE = 3.0f;
    private static final float KEYWORDS = 2.5f;
    private static final float BODY = 1.0f;
    /** Each Hangul bigram a question shares with a note's title or keywords; many of them add up to a word. */
    private static final float BIGRAM = 0.35f;
    /** A term found in several fields of an entry scores its best field plus this share of the others. */
    private static final float TIE_BREAKER = 0.2f;
    /** Latin words this long that no entry has are looked up with typos forgiven ("volumn", "rstuido"). */
    private static final int FUZZY_MIN_LENGTH = 4;
    private static final float FUZZY = 0.6f;
    /** Bounds on typo lookups, so a question of 50 made-up words stays far below Lucene's clause limit. */
    private static final int MAX_FUZZY_TERMS = 8;
    private static final int FUZZY_EXPANSIONS = 10;
    private static final String ORDINAL = "ordinal";

    /** One language's fields, each searched with the analyzer it was indexed with. */
    private record Language(String title, String keywords, String body, Analyzer analyzer, boolean fuzzy) {}

    /** One answer candidate, best first. */
    public record Hit(Entry entry, float score) {}

    private final List<Entry> entries;
    private final List<Language> languages;
    private final Analyzer bigrams;
    private final IndexSearcher searcher;
    private final Duration buildTime;

    private KnowledgeIndex(List<Entry> entries, List<Language> languages, Analyzer bigrams, IndexSearcher searcher,
                           Duration buildTime) {
        this.entries = entries;
        this.languages = languages;
        this.bigrams = bigrams;
        this.searcher = searcher;
        this.buildTime = buildTime;
    }

    /**
     * Indexes {@code base} on a daemon thread, so start-up does not wait for it: 1 to 1.5 s in a cold JVM on a
     * 2-vCPU VM (Nori's dictionaries alone take half a second), about 0.2 s warm. Load the base first, synchronously: a
     * malformed entry should stop start-up, not the first question.
     */
    public static CompletableFuture<KnowledgeIndex> buildInBackground(KnowledgeBase base) {
        CompletableFuture<KnowledgeIndex> index = new CompletableFuture<>();
        Thread builder = new Thread(() -> {
            try {
                index.complete(build(base));
            } catch (RuntimeException | Error e) {
                index.completeExceptionally(e);
            }
        }, "knowledge-index");
        builder.setDaemon(true);
        builder.start();
        return index;
    }

    /** Indexes every entry of {@code base} in memory. */
    public static KnowledgeIndex build(KnowledgeBase base) {
        long started = System.nanoTime();
        List<Entry> entries = base.entries();
        Analyzer korean = KnowledgeAnalyzers.korean();
        Analyzer english = KnowledgeAnalyzers.english();
        Analyzer bigrams = KnowledgeAnalyzers.koreanBigrams();
        Analyzer analyzer = KnowledgeAnalyzers.perField(korean, english, bigrams);
        List<Language> languages = List.of(
                new Language(TITLE_KO, KEYWORDS_KO, BODY_KO, korean, false),
                new Language(TITLE_EN, KEYWORDS_EN, BODY_EN, english, true));
        ByteBuffersDirectory directory = new ByteBuffersDirectory();
        try (IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig(analyzer).setUseCompoundFile(false))) {
            for (int i = 0; i < entries.size(); i++) {
                writer.addDocument(document(i, entries.get(i)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot index the knowledge base", e);
        }
        try {
            IndexSearcher searcher = new IndexSearcher(DirectoryReader.open(directory));
            return new KnowledgeIndex(entries, languages, bigrams, searcher, Duration.ofNanos(System.nanoTime() - started));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the knowledge index", e);
        }
    }

    /**
     * Titles and keywords are lists of names for the topic, not prose: a match counts the same however many
     * names an entry lists (no length norms), so a well-described topic is not outscored by a sparse one.
     */
    private static final FieldType NAMES = names();

    private static FieldType names() {
        FieldType type = new FieldType(TextField.TYPE_NOT_STORED);
        type.setOmitNorms(true);
        type.freeze();
        return type;
    }

    private static Document document(int ordinal, Entry e) {
        Document doc = new Document();
        doc.add(new StoredField(ORDINAL, ordinal));
        doc.add(new Field(TITLE_KO, e.titleKo(), NAMES));
        doc.add(new Field(TITLE_EN, e.titleEn(), NAMES));
        // the same keywords twice: Nori reads the Korean ones, the English chain stems the English ones
        String keywords = String.join("\n", e.keywords());
        doc.add(new Field(KEYWORDS_KO, keywords, NAMES));
        doc.add(new Field(KEYWORDS_EN, keywords, NAMES));
        doc.add(new Field(BIGRAMS_KO, e.titleKo() + "\n" + keywords, NAMES));
        doc.add(new TextField(BODY_KO, e.bodyKo(), Field.Store.NO));
        doc.add(new TextField(BODY_EN, e.bodyEn(), Field.Store.NO));
        return doc;
    }

    /** The {@code k} best entries for {@code question} that score as answers at all; empty when none does. */
    public List<Hit> search(String question, int k) {
        if (question == null || question.isBlank() || k <= 0) return List.of();
        try {
            Query query = query(question);
            if (query == null) return List.of();
            List<Hit> hits = new ArrayList<>();
            var stored = searcher.storedFields();
            for (ScoreDoc sd : searcher.search(query, k).scoreDocs) {
                if (sd.score < MIN_SCORE) break;
                int ordinal = stored.document(sd.doc).getField(ORDINAL).numericValue().intValue();
                hits.add(new Hit(entries.get(ordinal), sd.score));
            }
            return List.copyOf(hits);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot search the knowledge index", e);
        }
    }

    /**
     * The question's words in each language, each word (a group of the terms the analyzer made of it, see
     * {@link KnowledgeAnalyzers#termGroups}) looked up in that language's title, keywords and body: its best
     * term in its best field counts, the rest by {@link #TIE_BREAKER}. A Latin word no entry has is looked up
     * with a typo forgiven. Hangul bigrams add a little for what Nori cut differently. Null when no term is left.
     */
    Query query(String question) throws IOException {
        BooleanQuery.Builder all = new BooleanQuery.Builder();
        int clauses = 0;
        int fuzzy = 0;
        IndexReader reader = searcher.getIndexReader();
        for (Language language : languages) {
            for (List<String> word : KnowledgeAnalyzers.termGroups(language.analyzer(), language.body(), question, MAX_TERMS)) {
                List<Query> lookups = new ArrayList<>();
                for (String term : word) {
                    Term inTitle = new Term(language.title(), term);
                    Term inKeywords = new Term(language.keywords(), term);
                    Term inBody = new Term(language.body(), term);
                    if (reader.docFreq(inTitle) + reader.docFreq(inKeywords) + reader.docFreq(inBody) == 0) continue;
                    lookups.add(new BoostQuery(new TermQuery(inTitle), TITLE));
                    lookups.add(new BoostQuery(new TermQuery(inKeywords), KEYWORDS));
                    lookups.add(new BoostQuery(new TermQuery(inBody), BODY));
                }
                String term = word.get(0);
                if (!lookups.isEmpty()) {
                    all.add(new DisjunctionMaxQuery(lookups, TIE_BREAKER), Occur.SHOULD);
                    clauses++;
                } else if (language.fuzzy() && fuzzy < MAX_FUZZY_TERMS && word.size() == 1
                        && term.length() >= FUZZY_MIN_LENGTH && term.chars().allMatch(Character::isLetter)) {
                    // a typo most likely mangles a topic word, so titles and keywords are enough to look in
                    int edits = term.length() >= 8 ? 2 : 1;
                    all.add(new DisjunctionMaxQuery(List.of(
                            new BoostQuery(new FuzzyQuery(new Term(language.title(), term), edits, 1, FUZZY_EXPANSIONS, true), TITLE * FUZZY),
                            new BoostQuery(new FuzzyQuery(new Term(language.keywords(), term), edits, 1, FUZZY_EXPANSIONS, true), KEYWORDS * FUZZY)),
                            TIE_BREAKER), Occur.SHOULD);
                    clauses++;
                    fuzzy++;
                }
            }
        }
        if (clauses == 0) return null;
        for (String bigram : KnowledgeAnalyzers.terms(bigrams, BIGRAMS_KO, question, MAX_TERMS)) {
            Term t = new Term(BIGRAMS_KO, bigram);
            if (reader.docFreq(t) > 0) all.add(new BoostQuery(new TermQuery(t), BIGRAM), Occur.SHOULD);
        }
        return all.build();
    }

    /** The terms a question becomes in each language: for tests and for tuning the analyzers. */
    Map<String, Set<String>> explainTerms(String question) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        for (Language language : languages) {
            out.put(language.body(), KnowledgeAnalyzers.terms(language.analyzer(), language.body(), question, MAX_TERMS));
        }
        return out;
    }

    /** Hangul in the question means it was asked in Korean; otherwise the asker's own language. */
    public static Lang languageOf(String question, Lang askerLanguage) {
        return question != null && KnowledgeAnalyzers.hasHangul(question) ? Lang.KO : askerLanguage;
    }

    /** How long {@link #build} took, analyzer dictionaries included. */
    public Duration buildTime() {
        return buildTime;
    }
}
