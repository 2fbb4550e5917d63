package dev.labhand.image;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.EcrClientBuilder;
import software.amazon.awssdk.services.ecr.model.AuthorizationData;

/**
 * A registry login for Amazon ECR: ECR has no fixed password; {@code GetAuthorizationToken} (what
 * {@code aws ecr get-login-password} calls) turns the AWS keys into a 12-hour token, base64 of {@code AWS:<password>}.
 */
final class EcrTokens {
    private EcrTokens() {}

    /** The user ("AWS") and password for {@code docker login} to the account's ECR registry. */
    static String[] login(String region, String endpoint, String accessKeyId, String secretKey) {
        EcrClientBuilder builder = EcrClient.builder().region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretKey)))
                .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofSeconds(30)));
        if (endpoint != null && !endpoint.isBlank()) builder.endpointOverride(URI.create(endpoint));
        try (EcrClient ecr = builder.build()) {
            AuthorizationData data = ecr.getAuthorizationToken(r -> { }).authorizationData().get(0);
            String decoded = new String(Base64.getDecoder().decode(data.authorizationToken()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon < 0) throw new IllegalStateException("an ECR token without a user part");
            return new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
        }
    }
}
