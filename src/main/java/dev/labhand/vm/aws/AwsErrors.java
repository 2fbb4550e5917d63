package dev.labhand.vm.aws;

import dev.labhand.vm.CloudFailure;
import dev.labhand.vm.CloudFailure.Kind;
import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns SDK exceptions into {@link CloudFailure}s. Only the AWS error code travels on (it names the
 * problem and is safe to show); the SDK's message, which carries request ids and resource details, stays
 * in the cause for the log. Throttling arrives here only after the SDK's own retries gave up.
 */
final class AwsErrors {
    private static final Set<String> THROTTLED = Set.of("RequestLimitExceeded", "Throttling", "ThrottlingException");
    private static final Set<String> AUTH = Set.of("AuthFailure", "UnauthorizedOperation", "InvalidClientTokenId",
            "SignatureDoesNotMatch", "OptInRequired");
    private static final Set<String> QUOTA = Set.of("InsufficientInstanceCapacity", "MaxSpotInstanceCountExceeded",
            "SpotInstanceShutdown", "SpotInstanceTermination");
    private static final Set<String> CONFLICT = Set.of("IncorrectInstanceState", "IncorrectState",
            "DependencyViolation", "InvalidGroup.InUse");

    private AwsErrors() {}

    /** Runs one SDK call; any SDK exception leaves as a CloudFailure. */
    static <T> T call(Supplier<T> sdkCall) {
        try {
            return sdkCall.get();
        } catch (SdkException e) {
            throw failure(e);
        }
    }

    /** Runs the EC2 call {@code action} (e.g. {@code RunInstances}); a failure names it as {@code EC2 <action>}. */
    static <T> T call(String action, Supplier<T> sdkCall) {
        try {
            return sdkCall.get();
        } catch (SdkException e) {
            throw failure(e).withOperation("EC2 " + action);
        }
    }

    static CloudFailure failure(SdkException e) {
        if (e instanceof AwsServiceException service) {
            String code = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
            CloudFailure f = new CloudFailure(kindOf(code, service.statusCode()), code, e);
            return f.kind() == Kind.THROTTLED ? f.withRetryAfter(retryAfter(service)) : f;
        }
        if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException
                || e.getCause() instanceof ApiCallAttemptTimeoutException) {
            return new CloudFailure(Kind.TIMEOUT, null, e);
        }
        return new CloudFailure(Kind.NETWORK, null, e);
    }

    /** The Retry-After header in seconds (EC2 sends it with some throttling answers), or null. */
    private static Duration retryAfter(AwsServiceException e) {
        if (e.awsErrorDetails() == null || e.awsErrorDetails().sdkHttpResponse() == null) return null;
        return e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader(RetryAfterHint.HEADER)
                .or(() -> e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("Retry-After")).flatMap(v -> {
            try {
                return java.util.Optional.of(Duration.ofSeconds(Long.parseLong(v.strip())));
            } catch (NumberFormatException notSeconds) {
                return java.util.Optional.empty();
            }
        }).orElse(null);
    }

    /**
     * The kind for an EC2 error code, falling back on the HTTP status for codes not named here. Also used for
     * an instance's state-reason code without its {@code Server.} / {@code Client.} prefix.
     */
    static Kind kindOf(String code, int status) {
        String c = code == null ? "" : code;
        if (THROTTLED.contains(c)) return Kind.THROTTLED;
        if (AUTH.contains(c)) return Kind.AUTH;
        if (c.endsWith(".NotFound")) return Kind.NOT_FOUND;
        if (QUOTA.contains(c) || c.endsWith("LimitExceeded")) return Kind.QUOTA;
        if (CONFLICT.contains(c) || c.endsWith(".Duplicate")) return Kind.CONFLICT;
        if (status == 401 || status == 403) return Kind.AUTH;
        if (status == 429) return Kind.THROTTLED;
        if (status >= 400 && status < 500) return Kind.INVALID;
        return Kind.SERVER;
    }
}
