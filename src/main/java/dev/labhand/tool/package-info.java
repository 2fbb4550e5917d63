/**
 * The tool layer: {@link dev.labhand.tool.Tool} declarations, the {@link dev.labhand.tool.ToolCatalog}
 * and the {@link dev.labhand.tool.ToolGateway} through which every call passes (validation, role and
 * ownership, confirmation, timeout, audit). To add a tool, implement {@code Tool} in its feature package,
 * add its descriptions to the message bundles and register it in {@code dev.labhand.Wiring}.
 */
package dev.labhand.tool;
