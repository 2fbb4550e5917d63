/**
 * Team accounts on hosts: members' SSH keys, the Linux account Labhand makes for a member on a host
 * (grant), how to connect to it, revoking it, and offboarding (revoke everywhere when a member leaves the
 * course). Remote work goes through the host's SSH commands ({@code HostCommands}) as one fixed script with
 * validated positional arguments, never a command string built from input. A new account step is a line in
 * {@link dev.labhand.host.account.AccountScripts} and a message key.
 */
package dev.labhand.host.account;
