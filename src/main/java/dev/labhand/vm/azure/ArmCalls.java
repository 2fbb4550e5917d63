package dev.labhand.vm.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.management.polling.PollResult;
import com.azure.core.management.profile.AzureProfile;
import com.azure.core.util.polling.PollerFlux;
import com.azure.core.http.HttpPipeline;
import com.azure.resourcemanager.compute.ComputeManager;
import com.azure.resourcemanager.network.NetworkManager;
import com.azure.resourcemanager.resources.ResourceManager;
import com.azure.resourcemanager.compute.fluent.ComputeManagementClient;
import com.azure.resourcemanager.network.fluent.NetworkManagementClient;
import com.azure.resourcemanager.resources.fluent.ResourceGroupsClient;
import com.azure.resourcemanager.resources.fluentcore.AzureServiceClient;
import dev.labhand.vm.CloudFailure;
import dev.labhand.vm.CloudFailure.Kind;
import dev.labhand.tool.Progress;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The one way {@link AzureVmProvider} reaches ARM: the client is built on first use (so a bot without Azure
 * settings starts, and construction sends nothing), every SDK exception leaves as a {@link CloudFailure},
 * an interrupt while the SDK blocks comes back as an interrupt, and long-running operations are polled at
 * the given interval whenever ARM sends no {@code Retry-After}.
 */
final class ArmCalls {
    /** The generated clients Labhand uses: resource groups, network and compute, over one HTTP pipeline. */
    record Clients(ResourceGroupsClient groups, NetworkManagementClient network, ComputeManagementClient compute) {
        static Clients of(HttpPipeline pipeline, AzureProfile profile) {
            return new Clients(ResourceManager.authenticate(pipeline, profile).withSubscription(profile.getSubscriptionId())
                    .serviceClient().getResourceGroups(),
                    NetworkManager.authenticate(pipeline, profile).serviceClient(),
                    ComputeManager.authenticate(pipeline, profile).serviceClient());
        }
    }

    /** A throttled answer without Retry-After is tried again after this long. */
    static final Duration THROTTLE_PAUSE = Duration.ofSeconds(5);

    private final Supplier<Clients> connect;
    private final Duration pollInterval;
    /** Where the clients are kept: this object, or the one a {@link #throttled} view was made from. */
    private final ArmCalls root;
    private final Progress progress;
    private final Duration throttleBudget;
    private Clients clients; // guarded by root

    ArmCalls(Supplier<Clients> connect, Duration pollInterval) {
        this.connect = connect;
        this.pollInterval = pollInterval;
        this.root = this;
        this.progress = Progress.NONE;
        this.throttleBudget = Duration.ZERO;
    }

    private ArmCalls(ArmCalls root, Progress progress, Duration throttleBudget) {
        this.connect = root.connect;
        this.pollInterval = root.pollInterval;
        this.root = root;
        this.progress = progress;
        this.throttleBudget = throttleBudget;
    }

    /**
     * The same calls, but a throttled one (429, after the SDK's two quick retries) is tried again after ARM's
     * Retry-After, saying so on {@code progress}, as long as all such waits of one call fit in {@code budget};
     * a longer wait fails at once, saying how long ARM asked for. Without this, throttling fails the call.
     */
    ArmCalls throttled(Progress progress, Duration budget) {
        return new ArmCalls(root, progress, budget);
    }

    /**
     * Azure's public cloud with credentials from the standard chain (environment, managed identity, Azure CLI
     * login); a blank subscription fails every call as {@link Kind#NOT_CONFIGURED}.
     */
    static ArmCalls fromEnvironment(String subscriptionId, Duration pollInterval) {
        return fromConfig(subscriptionId, "azure", "", pollInterval, ArmPipeline.ATTEMPT_TIMEOUT);
    }

    /**
     * @param environment {@code azure} (public), {@code azure-china} or {@code azure-us-government}
     * @param endpoint    blank for the environment's ARM; else an ARM-compatible endpoint (loopback: a stand-in, no token)
     * @param attempt     how long one HTTP attempt may wait for ARM's answer
     */
    static ArmCalls fromConfig(String subscriptionId, String environment, String endpoint, Duration pollInterval,
                               Duration attempt) {
        AzureProfile profile = ArmPipeline.profile(subscriptionId, environment, endpoint); // bad settings fail at start-up
        if (subscriptionId == null || subscriptionId.isBlank()) {
            return new ArmCalls(() -> {
                throw ArmPipeline.notConfigured();
            }, pollInterval);
        }
        return new ArmCalls(() -> Clients.of(ArmPipeline.build(ArmPipeline.loopback(profile) ? null : defaultCredential(),
                profile, attempt, ArmPipeline.RETRIES), profile), pollInterval);
    }

    Duration pollInterval() {
        return pollInterval;
    }

    <T> T call(Function<Clients, T> op) throws InterruptedException {
        long end = System.nanoTime() + throttleBudget.toNanos();
        while (true) {
            try {
                return once(op);
            } catch (CloudFailure f) {
                if (f.kind() != Kind.THROTTLED || throttleBudget.isZero()) throw f;
                Duration wait = f.retryAfter() != null ? f.retryAfter() : THROTTLE_PAUSE;
                if (System.nanoTime() + wait.toNanos() - end > 0) throw f.withRetryAfter(wait);
                progress.report("~ the cloud is throttling (Azure); retrying in " + Math.max(1, wait.toSeconds()) + " s");
                Thread.sleep(wait.toMillis());
            }
        }
    }

    private <T> T once(Function<Clients, T> op) throws InterruptedException {
        try {
            return op.apply(clients());
        } catch (RuntimeException e) {
            if (!AzureErrors.interrupted(e)) throw AzureErrors.map(e);
            Thread.interrupted(); // Reactor sets the flag again; an InterruptedException replaces it
            throw new InterruptedException("Azure call interrupted");
        }
    }

    /** For callers that cannot throw InterruptedException: an interrupt is kept as the thread's flag and fails as NETWORK. */
    <T> T query(Function<Clients, T> op) {
        try {
            return op.apply(clients());
        } catch (RuntimeException e) {
            if (!AzureErrors.interrupted(e)) throw AzureErrors.map(e);
            Thread.currentThread().interrupt();
            throw new CloudFailure(Kind.NETWORK, null, e);
        }
    }

    /**
     * Starts a long-running operation and waits for its result. A SyncPoller's final result does not fail
     * when the operation ends Failed, so this uses the SDK's own check (what its non-{@code begin} methods
     * use), which turns that into a ManagementException carrying the operation's error code.
     */
    <T> T await(Function<Clients, PollerFlux<PollResult<T>, T>> begin) throws InterruptedException {
        return await(begin, null);
    }

    /** As {@link #await(Function)}, giving up (TIMEOUT) after {@code limit}; null waits as long as ARM's operation runs. */
    <T> T await(Function<Clients, PollerFlux<PollResult<T>, T>> begin, Duration limit) throws InterruptedException {
        return call(c -> {
            var result = begin.apply(c).setPollInterval(pollInterval).last()
                    .flatMap(((AzureServiceClient) c.compute())::getLroFinalResultOrError);
            return limit == null ? result.block() : result.block(limit);
        });
    }

    private Clients clients() {
        synchronized (root) {
            if (root.clients == null) root.clients = connect.get();
            return root.clients;
        }
    }

    /**
     * azure-identity's DefaultAzureCredential, looked up by name: the jar is pinned in the pom but not a
     * declared dependency yet, and without it calls fail as {@link Kind#NOT_CONFIGURED} instead of the bot
     * failing to start. Once it is declared this becomes {@code new DefaultAzureCredentialBuilder().build()}.
     */
    /** Azure's standard chain: environment (service principal), workload or managed identity, az login. */
    private static TokenCredential defaultCredential() {
        return new com.azure.identity.DefaultAzureCredentialBuilder().build();
    }
}
