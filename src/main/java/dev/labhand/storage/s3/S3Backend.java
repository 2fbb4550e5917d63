package dev.labhand.storage.s3;

import dev.labhand.storage.StorageBackend;
import dev.labhand.storage.StorageEntry;
import dev.labhand.storage.StorageFailure;
import dev.labhand.storage.StorageLocation;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * S3 through aws-sdk-java-v2's async client: one client per endpoint and region, credentials from AWS's standard
 * chain only (environment, profile, instance role), 503 SlowDown and throttling retried with back-off by the SDK's
 * standard strategy (more attempts than its default), and objects above 16 MiB sent and fetched in parts.
 */
public final class S3Backend implements StorageBackend, AutoCloseable {
    /** How many requests run at once against one endpoint. */
    public static final int CONCURRENCY = 64;
    private static final long PART_SIZE = 16L * 1024 * 1024;
    private final Map<String, S3AsyncClient> clients = new ConcurrentHashMap<>();
    private final Map<String, S3Presigner> presigners = new ConcurrentHashMap<>();

    @Override
    public StorageLocation.Kind kind() {
        return StorageLocation.Kind.S3;
    }

    @Override
    public List<StorageEntry> list(StorageLocation location, String prefix) {
        String key = location.key(prefix);
        String start = key.isEmpty() || key.endsWith("/") ? key : key + "/";
        List<StorageEntry> folders = new ArrayList<>();
        List<StorageEntry> files = new ArrayList<>();
        String token = null;
        do {
            ListObjectsV2Response page = await(location, client(location).listObjectsV2(ListObjectsV2Request.builder()
                    .bucket(location.container()).prefix(start).delimiter("/").continuationToken(token).build()));
            for (CommonPrefix p : page.commonPrefixes()) folders.add(StorageEntry.folder(relative(location, p.prefix())));
            for (S3Object o : page.contents()) {
                if (o.key().equals(start)) continue; // the folder's own marker object
                files.add(StorageEntry.file(relative(location, o.key()), o.size(), o.lastModified()));
            }
            token = page.isTruncated() ? page.nextContinuationToken() : null;
        } while (token != null);
        folders.sort(Comparator.comparing(StorageEntry::path));
        files.sort(Comparator.comparing(StorageEntry::path));
        folders.addAll(files);
        return folders;
    }

    /** Every object under {@code prefix} (a folder, relative to the root), paths relative to {@code prefix}. */
    public List<StorageEntry> listTree(StorageLocation location, String prefix) {
        String start = location.key(prefix);
        List<StorageEntry> out = new ArrayList<>();
        String token = null;
        do {
            ListObjectsV2Response page = await(location, client(location).listObjectsV2(ListObjectsV2Request.builder()
                    .bucket(location.container()).prefix(start).continuationToken(token).build()));
            for (S3Object o : page.contents()) {
                if (o.key().endsWith("/")) continue; // folder markers hold nothing to copy
                out.add(StorageEntry.file(o.key().substring(start.length()), o.size(), o.lastModified()));
            }
            token = page.isTruncated() ? page.nextContinuationToken() : null;
        } while (token != null);
        return out;
    }

    /** Starts fetching one object into {@code file} (created; it must not exist). */
    public CompletableFuture<?> download(StorageLocation location, String key, Path file) {
        return client(location).getObject(b -> b.bucket(location.container()).key(key),
                AsyncResponseTransformer.toFile(file));
    }

    /** Starts sending {@code file} as one object (in parts when large). */
    public CompletableFuture<?> upload(StorageLocation location, String key, Path file) {
        return client(location).putObject(b -> b.bucket(location.container()).key(key), AsyncRequestBody.fromFile(file));
    }

    /** Deletes objects, a thousand per request. */
    public void delete(StorageLocation location, List<String> keys) {
        for (int i = 0; i < keys.size(); i += 1000) {
            List<ObjectIdentifier> batch = keys.subList(i, Math.min(keys.size(), i + 1000)).stream()
                    .map(k -> ObjectIdentifier.builder().key(k).build()).toList();
            var answer = await(location, client(location).deleteObjects(b -> b.bucket(location.container())
                    .delete(Delete.builder().objects(batch).quiet(true).build())));
            if (!answer.errors().isEmpty()) {
                var e = answer.errors().get(0);
                throw new IllegalStateException("delete refused for " + e.key() + ": " + e.code());
            }
        }
    }

    /** A URL the holder may GET (or PUT) {@code key} with for a while, without credentials of its own. */
    public URI presign(StorageLocation location, String key, boolean put, Duration valid) {
        S3Presigner presigner = presigners.computeIfAbsent(cacheKey(location), k -> {
            var b = S3Presigner.builder().region(region(location))
                    .credentialsProvider(DefaultCredentialsProvider.builder().build())
                    .serviceConfiguration(software.amazon.awssdk.services.s3.S3Configuration.builder()
                            .pathStyleAccessEnabled(!location.endpoint().isEmpty()).build());
            if (!location.endpoint().isEmpty()) b.endpointOverride(URI.create(location.endpoint()));
            return b.build();
        });
        try {
            if (put) {
                return presigner.presignPutObject(r -> r.signatureDuration(valid)
                        .putObjectRequest(o -> o.bucket(location.container()).key(key))).url().toURI();
            }
            return presigner.presignGetObject(r -> r.signatureDuration(valid)
                    .getObjectRequest(o -> o.bucket(location.container()).key(key))).url().toURI();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits for one S3 call; a failure becomes a {@link StorageFailure} naming what went wrong. */
    static <T> T await(StorageLocation location, CompletableFuture<T> call) {
        try {
            return call.join();
        } catch (CompletionException e) {
            throw S3Errors.failure(e.getCause() == null ? e : e.getCause(), location);
        }
    }

    /** What a failed S3 call means for the member (a full disk is the caller's to recognise first). */
    public static RuntimeException explain(Throwable failure, StorageLocation location) {
        return S3Errors.failure(failure, location);
    }

    private static String relative(StorageLocation location, String key) {
        String root = location.key("");
        return root.isEmpty() ? key : key.substring(root.length());
    }

    S3AsyncClient client(StorageLocation location) {
        return clients.computeIfAbsent(cacheKey(location), k -> {
            var builder = S3AsyncClient.builder()
                    .region(region(location))
                    .credentialsProvider(DefaultCredentialsProvider.builder().build())
                    .httpClientBuilder(NettyNioAsyncHttpClient.builder().maxConcurrency(CONCURRENCY)
                            .connectionAcquisitionTimeout(Duration.ofMinutes(10)))
                    .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                            .maxAttempts(8).build()))
                    .multipartEnabled(true)
                    .multipartConfiguration(m -> m.thresholdInBytes(PART_SIZE).minimumPartSizeInBytes(PART_SIZE));
            if (!location.endpoint().isEmpty()) {
                builder.endpointOverride(URI.create(location.endpoint())).forcePathStyle(true);
            }
            return builder.build();
        });
    }

    private static Region region(StorageLocation location) {
        return Region.of(location.region() == null || location.region().isEmpty() ? "us-east-1" : location.region());
    }

    private static String cacheKey(StorageLocation location) {
        return location.endpoint() + "|" + location.region();
    }

    @Override
    public void close() {
        clients.values().forEach(S3AsyncClient::close);
        presigners.values().forEach(S3Presigner::close);
    }
}
