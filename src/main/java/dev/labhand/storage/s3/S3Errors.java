package dev.labhand.storage.s3;

import dev.labhand.storage.StorageFailure;
import dev.labhand.storage.StorageLocation;
import dev.labhand.tool.UserError;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** S3's failures as sentences a member can act on; never the SDK's text (it may name internals). */
final class S3Errors {
    private S3Errors() {}

    static RuntimeException failure(Throwable e, StorageLocation location) {
        Throwable t = e;
        while (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) t = t.getCause();
        if (t instanceof StorageFailure || t instanceof UserError) return (RuntimeException) t;
        String bucket = location.container();
        if (t instanceof NoSuchBucketException) {
            return new StorageFailure("storage.s3.no-bucket", e, "bucket", bucket, "name", location.name());
        }
        if (t instanceof S3Exception s3) {
            String code = s3.awsErrorDetails() == null || s3.awsErrorDetails().errorCode() == null ? ""
                    : s3.awsErrorDetails().errorCode();
            if ("NoSuchBucket".equals(code)) {
                return new StorageFailure("storage.s3.no-bucket", e, "bucket", bucket, "name", location.name());
            }
            if (s3.statusCode() == 403 || "InvalidAccessKeyId".equals(code) || "SignatureDoesNotMatch".equals(code)) {
                return new StorageFailure("storage.s3.denied", e, "bucket", bucket, "code", code.isEmpty() ? "403" : code);
            }
            if (s3.statusCode() == 503 || "SlowDown".equals(code)) {
                return new StorageFailure("storage.s3.busy", e, "bucket", bucket);
            }
            return new StorageFailure("storage.s3.failed", e, "bucket", bucket,
                    "code", code.isEmpty() ? Integer.toString(s3.statusCode()) : code);
        }
        if (t instanceof SdkClientException c && c.getMessage() != null && c.getMessage().contains("credentials")) {
            return new StorageFailure("storage.s3.no-credentials", e);
        }
        if (t instanceof SdkClientException) {
            return new StorageFailure("storage.s3.unreachable", e, "bucket", bucket,
                    "endpoint", location.endpoint().isEmpty() ? "AWS" : location.endpoint());
        }
        return new StorageFailure("storage.s3.failed", e, "bucket", bucket, "code", t.getClass().getSimpleName());
    }
}
