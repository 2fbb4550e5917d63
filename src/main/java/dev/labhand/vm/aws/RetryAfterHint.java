package dev.labhand.vm.aws;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * Keeps the SDK from waiting out a throttled answer's Retry-After by itself: it would sleep for as long as EC2
 * asks (minutes) with nobody told. The header is moved to {@value #HEADER}, where {@link AwsErrors} reads it, so
 * the SDK retries throttling with its own short back-off and Labhand decides about any longer wait.
 */
final class RetryAfterHint implements ExecutionInterceptor {
    static final String HEADER = "x-labhand-retry-after";

    @Override
    public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        SdkHttpResponse response = context.httpResponse();
        var hint = response.firstMatchingHeader("Retry-After").or(() -> response.firstMatchingHeader("x-amz-retry-after"));
        if (hint.isEmpty()) return response;
        return response.toBuilder().removeHeader("Retry-After").removeHeader("x-amz-retry-after")
                .putHeader(HEADER, hint.get()).build();
    }
}
