package dev.labhand.workspace;

import dev.labhand.tool.Caller.Lang;

/**
 * The Docker engines workspaces run on, by host name: {@code local} is the bot's own engine; other
 * names are remote hosts reached over SSH, contacted on first use. A host that cannot be reached
 * throws a {@link dev.labhand.tool.UserError} in the member's language.
 */
public interface DockerHosts {
    String LOCAL = dev.labhand.store.HostRecord.LOCAL;

    DockerEngine local();

    DockerEngine engine(String host, Lang lang);

    /** Programs run on a remote host itself (host diagnostics); "local" is the caller's business. */
    default HostCommands commands(String host, Lang lang) {
        throw new IllegalStateException("no remote hosts here: " + host);
    }

    /** How a person reaches a remote host with SSH ({@code user@address}, with {@code -p} when needed). */
    default java.util.Optional<String> sshDestination(String host) {
        return java.util.Optional.empty();
    }

    /** The host no longer exists (its VM was deleted in the cloud): its containers went with it. */
    /** A line on why the host is not answering (since when, why), or empty while it answers or was never asked. */
    default java.util.Optional<String> trouble(String host, Lang lang) {
        return java.util.Optional.empty();
    }

    default boolean gone(String host) {
        return false;
    }

    /** The host went away (stopped, deleted, forgotten): drop any open connection to it. */
    default void forget(String host) {
    }

    /** Only the bot's own engine: what runs when no remote host is configured. */
    static DockerHosts localOnly(DockerEngine engine) {
        return new DockerHosts() {
            @Override
            public DockerEngine local() {
                return engine;
            }

            @Override
            public DockerEngine engine(String host, Lang lang) {
                if (!host.equals(LOCAL)) throw new IllegalStateException("no remote hosts here: " + host);
                return engine;
            }
        };
    }
}
