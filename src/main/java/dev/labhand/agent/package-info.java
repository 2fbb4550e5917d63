/**
 * The language layer: plain sentences to tool calls. {@link dev.labhand.agent.LanguageLayer} has two
 * implementations: the offline router ({@code agent.router}: Korean and English, no network) and the LLM
 * layer (langchain4j, with the catalog as tools, every call through the gateway).
 */
package dev.labhand.agent;
