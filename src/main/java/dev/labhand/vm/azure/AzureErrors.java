package dev.labhand.vm.azure;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.management.exception.ManagementError;
import com.azure.core.management.exception.ManagementException;
import dev.labhand.vm.CloudFailure;
import dev.labhand.vm.CloudFailure.Kind;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Turns what the Azure SDK throws into a {@link CloudFailure}: the kind from the ARM error code when it
 * names a capacity problem (those come as 409 or inside a finished long-running operation), otherwise
 * from the HTTP status. Only the ARM code travels on; the SDK's message, which quotes ids and request
 * details, stays in the cause for the log.
 */
final class AzureErrors {
    /** ARM codes that mean "not enough capacity or quota for this size here", whatever the status. */
    private static final Set<String> CAPACITY = Set.of("QuotaExceeded", "OperationNotAllowed", "SkuNotAvailable",
            "ZonalAllocationFailed", "AllocationFailed", "OverconstrainedAllocationRequest",
            "OverconstrainedZonalAllocationRequest", "PublicIPCountLimitReached");

    private AzureErrors() {
    }

    static CloudFailure map(Throwable e) {
        if (e instanceof CloudFailure failure) return failure;
        HttpResponseException http = find(e, HttpResponseException.class);
        if (http != null) return fromResponse(http);
        ArmPipeline.CallFailed named = find(e, ArmPipeline.CallFailed.class);
        String call = named == null ? null : "Azure " + named.call;
        if (find(e, TimeoutException.class) != null || timedOut(e)) {
            return new CloudFailure(Kind.TIMEOUT, null, e).withOperation(call);
        }
        if (find(e, IOException.class) != null) return new CloudFailure(Kind.NETWORK, null, e).withOperation(call);
        return new CloudFailure(Kind.SERVER, null, e).withOperation(call);
    }

    /** Netty's response and read timeouts are not TimeoutExceptions. */
    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getClass().getSimpleName().contains("Timeout")) return true;
        }
        return false;
    }

    /** The SDK blocks inside Reactor, which reports an interrupt as a RuntimeException around it. */
    static boolean interrupted(Throwable e) {
        return find(e, InterruptedException.class) != null;
    }

    private static CloudFailure fromResponse(HttpResponseException e) {
        String code = e instanceof ManagementException m && m.getValue() != null ? codeOf(m.getValue()) : null;
        if (code != null && CAPACITY.contains(code)) return new CloudFailure(Kind.QUOTA, code, e);
        if (e instanceof ClientAuthenticationException) return new CloudFailure(Kind.AUTH, code, e);
        if (e.getResponse() == null) return new CloudFailure(Kind.SERVER, code, e);
        int status = e.getResponse().getStatusCode();
        Kind kind = switch (status) {
            case 429 -> Kind.THROTTLED;
            case 401, 403 -> Kind.AUTH;
            case 404 -> Kind.NOT_FOUND;
            case 409 -> Kind.CONFLICT;
            default -> status >= 400 && status < 500 ? Kind.INVALID : Kind.SERVER;
        };
        CloudFailure failure = new CloudFailure(kind, code, e);
        return kind == Kind.THROTTLED ? failure.withRetryAfter(retryAfter(e)) : failure;
    }

    /** ARM's Retry-After in seconds (it sends seconds, not a date), or null. */
    private static java.time.Duration retryAfter(HttpResponseException e) {
        String value = e.getResponse().getHeaderValue("Retry-After");
        if (value == null) return null;
        try {
            return java.time.Duration.ofSeconds(Long.parseLong(value.strip()));
        } catch (NumberFormatException notSeconds) {
            return null;
        }
    }

    /** The error's code, or a capacity code among its details: ARM sometimes wraps those in a generic one. */
    private static String codeOf(ManagementError error) {
        if (error.getDetails() != null) {
            for (ManagementError detail : error.getDetails()) {
                if (detail.getCode() != null && CAPACITY.contains(detail.getCode())) return detail.getCode();
            }
        }
        return error.getCode();
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) return type.cast(t);
        }
        return null;
    }
}
