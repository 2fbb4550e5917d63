/**
 * The LLM language layer (the only package that imports langchain4j): {@link dev.labhand.agent.llm.LlmLanguageLayer}
 * answers a member's message with a model of the instructor's choice ({@link dev.labhand.agent.llm.ModelProviders}),
 * hands it the catalog as tools ({@link dev.labhand.agent.llm.CatalogTools}, every call through the gateway) and
 * keeps the conversation in SQLite. To support another provider, add it to {@code ModelProviders}.
 */
package dev.labhand.agent.llm;
