/**
 * The offline understanding: a sentence to a tool call with no model service. {@link
 * dev.labhand.agent.router.OfflineRouter} reads a sentence against what is known now ({@link
 * dev.labhand.agent.router.Known}: the caller's workspaces, VMs, hosts), ranks the tools with a classifier
 * trained at start-up from the labelled sentences in {@code src/main/resources/router/} (train split) and fills
 * the arguments from the tools' declared parameters. To teach it a new tool, add labelled families to
 * {@code scripts/router-data/} and rebuild the data; {@code labhand router-eval} scores train, dev and test.
 */
package dev.labhand.agent.router;
