package dev.labhand.support;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3-protocol server for the storage tests: S3Mock, in this JVM, on a free loopback port, started once per
 * test run. The bot takes credentials only from AWS's standard chain, so the peer sets the chain's system
 * properties (S3Mock accepts any key); {@link #ENV} gives the same to awscli and rclone.
 */
public final class S3Peer {
    public static final String KEY_ID = "labhand-test";
    public static final String SECRET = "labhand-test-secret";
    private static S3Peer shared;

    private final S3MockExtension server;
    private final int port;

    private S3Peer(int port) {
        this.port = port;
        this.server = S3MockExtension.builder().silent().withHttpPort(port).withSecureConnection(false)
                .withProperty("server.address", "127.0.0.1").build();
        server.start();
    }

    /** The server, started on first use; it lives until the JVM ends. */
    public static synchronized S3Peer start() {
        System.setProperty("aws.accessKeyId", KEY_ID);
        System.setProperty("aws.secretAccessKey", SECRET);
        System.setProperty("aws.region", "us-east-1");
        if (shared == null) shared = new S3Peer(freePort());
        return shared;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** A plain SDK client for setting up and checking what the bot did. */
    public S3Client client() {
        return S3Client.builder().endpointOverride(URI.create(endpoint())).forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY_ID, SECRET)))
                .build();
    }

    public void createBucket(String name) {
        try (S3Client c = client()) {
            c.createBucket(b -> b.bucket(name));
        }
    }

    /** Environment for awscli and rclone against this server. */
    public static java.util.Map<String, String> env() {
        return java.util.Map.of("AWS_ACCESS_KEY_ID", KEY_ID, "AWS_SECRET_ACCESS_KEY", SECRET,
                "AWS_DEFAULT_REGION", "us-east-1", "AWS_EC2_METADATA_DISABLED", "true");
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
