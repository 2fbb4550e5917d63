/**
 * {@code ask.course}: answers course questions from the knowledge base in {@code tools/knowledge}
 * (one Markdown file per topic, Korean and English), retrieved with Lucene and Nori, offline.
 * A new topic is one {@code <id>.md} file plus its line in {@code tools/knowledge/index.txt};
 * check retrieval with {@code AskEvaluationTest}, adding questions to the dev split {@code ask-dev.tsv} (never to the held-out {@code ask-test.tsv}).
 */
package dev.labhand.ask;
