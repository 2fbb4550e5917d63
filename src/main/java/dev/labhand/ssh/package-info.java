/**
 * Remote hosts reached over SSH: {@link dev.labhand.ssh.SshTarget} names a host and the host key recorded
 * for it, {@link dev.labhand.ssh.SshExec} runs one command there, and {@link dev.labhand.ssh.DockerOverSsh}
 * makes the host's Docker engine answer on a loopback port, so {@code DockerEngine} drives it unchanged.
 * Only this package imports sshj; every connection is opened by {@code SshConnector}, which refuses a
 * server whose key is not the recorded one.
 */
package dev.labhand.ssh;
