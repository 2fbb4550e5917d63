package dev.labhand.vm.aws;

import dev.labhand.vm.CloudFailure;
import dev.labhand.vm.CloudFailure.Kind;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The credential chain, with "no credentials anywhere" reported as {@link Kind#NOT_CONFIGURED} rather than
 * the generic client error the SDK raises for it, which would read as a network problem.
 */
record ReportedCredentials(AwsCredentialsProvider chain) implements AwsCredentialsProvider {
    @Override
    public AwsCredentials resolveCredentials() {
        try {
            return chain.resolveCredentials();
        } catch (SdkClientException e) {
            throw new CloudFailure(Kind.NOT_CONFIGURED, "NoCredentials", e);
        }
    }
}
