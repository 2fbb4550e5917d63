package dev.labhand.vm.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import com.azure.core.http.policy.ExponentialBackoff;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.http.policy.RequestIdPolicy;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.http.policy.ArmChallengeAuthenticationPolicy;
import com.azure.core.management.profile.AzureProfile;
import dev.labhand.vm.CloudFailure;
import dev.labhand.vm.CloudFailure.Kind;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where ARM is and how Labhand's requests to it end. The cloud is Azure's public one unless configured
 * ({@code azure-china}, {@code azure-us-government}), or any ARM-compatible endpoint; a loopback endpoint is a
 * test stand-in and gets no token (the real credential never leaves for it). Every request has a time limit and
 * at most two quick retries, and ARM's Retry-After is not waited out by the SDK in silence.
 */
public final class ArmPipeline {
    /** Per attempt; with two retries and their back-off a call ends within about 70 s, below every vm tool's limit. */
    public static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(20);
    public static final int RETRIES = 2;

    private ArmPipeline() {}

    static AzureEnvironment environment(String name) {
        return switch (name == null || name.isBlank() ? "azure" : name.strip().toLowerCase(Locale.ROOT)) {
            case "azure" -> AzureEnvironment.AZURE;
            case "azure-china" -> AzureEnvironment.AZURE_CHINA;
            case "azure-us-government" -> AzureEnvironment.AZURE_US_GOVERNMENT;
            default -> throw new IllegalArgumentException("vm.azure.environment: " + name
                    + " (azure, azure-china or azure-us-government)");
        };
    }

    /** The cloud's endpoints, with ARM at {@code endpoint} when one is set. */
    public static AzureProfile profile(String subscriptionId, String environment, String endpoint) {
        AzureEnvironment env = environment(environment);
        if (endpoint == null || endpoint.isBlank()) return new AzureProfile(null, subscriptionId, env);
        String url = endpoint.strip().endsWith("/") ? endpoint.strip() : endpoint.strip() + "/";
        URI.create(url); // a typo shows at start-up
        Map<String, String> endpoints = new HashMap<>(env.getEndpoints());
        endpoints.put("resourceManagerEndpointUrl", url);
        return new AzureProfile(null, subscriptionId, new AzureEnvironment(endpoints));
    }

    /** Whether ARM is a stand-in on this machine (127.0.0.1, ::1, localhost). */
    public static boolean loopback(AzureProfile profile) {
        URI uri = URI.create(profile.getEnvironment().getResourceManagerEndpoint());
        try {
            return uri.getHost() != null && InetAddress.getByName(uri.getHost()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /**
     * @param credential null for a loopback stand-in (no token is sent; the SDK sends bearer tokens over https only)
     * @param attempt    how long one HTTP attempt may wait for an answer
     */
    public static HttpPipeline build(TokenCredential credential, AzureProfile profile, Duration attempt, int retries) {
        List<HttpPipelinePolicy> policies = new ArrayList<>();
        policies.add(new RequestIdPolicy());
        // a header ARM never sends: the back-off below applies, not a Retry-After of minutes waited in silence
        policies.add(new RetryPolicy(new ExponentialBackoff(retries, Duration.ofMillis(500), Duration.ofSeconds(4)),
                "x-labhand-no-retry-after", ChronoUnit.SECONDS));
        if (credential != null) {
            policies.add(new ArmChallengeAuthenticationPolicy(credential,
                    profile.getEnvironment().getManagementEndpoint() + "/.default"));
        }
        policies.add(new NamedCalls());
        return new HttpPipelineBuilder().policies(policies.toArray(HttpPipelinePolicy[]::new))
                .httpClient(new NettyAsyncHttpClientBuilder().connectTimeout(attempt).responseTimeout(attempt)
                        .readTimeout(attempt).writeTimeout(attempt).build())
                .build();
    }

    /** A request that failed without an answer (a timeout, a dropped connection), named by method and path. */
    static final class CallFailed extends RuntimeException {
        final String call;

        CallFailed(String call, Throwable cause) {
            super(call, cause);
            this.call = call;
        }
    }

    /** Wraps a failure without an HTTP answer so the reply can name the ARM call that hung. */
    private static final class NamedCalls implements HttpPipelinePolicy {
        @Override
        public reactor.core.publisher.Mono<com.azure.core.http.HttpResponse> process(
                com.azure.core.http.HttpPipelineCallContext context, com.azure.core.http.HttpPipelineNextPolicy next) {
            String call = context.getHttpRequest().getHttpMethod() + " " + shortPath(context.getHttpRequest().getUrl().getPath());
            return next.process().onErrorMap(e -> !(e instanceof com.azure.core.exception.HttpResponseException),
                    e -> new CallFailed(call, e));
        }
    }

    /** {@code PUT virtualMachines/gpu1}: the last type and name of an ARM path. */
    static String shortPath(String path) {
        String[] parts = path.split("/");
        return parts.length >= 2 ? parts[parts.length - 2] + "/" + parts[parts.length - 1] : path;
    }

    static CloudFailure notConfigured() {
        return new CloudFailure(Kind.NOT_CONFIGURED, "AZURE_SUBSCRIPTION_ID", null);
    }
}
