/**
 * The offline understanding: a sentence to a tool call with no model service. {@link
 * dev.labhand.agent.router.OfflineRouter} reads a sentence against what is known now ({@link
 * dev.labhand.agent.router.Known}: the caller's workspaces, VMs, hosts), ranks the tools with a classifier
 * trained at build time from the labelled sentences in {@code src/main/resources/router/} (train split; shipped as
 * {@code router/model.bin}, see {@link dev.labhand.agent.router.ShippedModel}) and fills
 * the arguments from the tools' declared parameters. To teach it a new tool, add labelled families to
 * {@code scripts/router-data/} (late-*.txt for new ones), rebuild the data and the jar; {@code labhand router-eval} scores train, dev and test.
 */
package dev.labhand.agent.router;
