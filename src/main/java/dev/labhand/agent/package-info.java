/**
 * The language layers: plain sentences to tool calls. Each implements {@link dev.labhand.chat.LanguageLayer}
 * and lives in its own package: {@code agent.router}, the offline router (Korean and English, no network), and
 * {@code agent.llm}, the LLM layer (langchain4j, with the catalog as tools). Both call tools only through the
 * gateway; {@code chat} knows them only through the interface.
 */
package dev.labhand.agent;
