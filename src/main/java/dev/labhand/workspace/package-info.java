/**
 * Workspaces on a Docker engine: templates, the lifecycle ({@link dev.labhand.workspace.WorkspaceService}),
 * the reconciler, and the {@code workspace.*} and {@code image.*} tools. Only this package imports
 * docker-java ({@link dev.labhand.workspace.DockerEngine}). A new workspace tool is one class here plus
 * one line in {@code dev.labhand.Wiring}.
 */
package dev.labhand.workspace;
