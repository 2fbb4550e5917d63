package dev.labhand.storage.adls;

import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import com.azure.storage.file.datalake.DataLakeFileSystemClient;
import com.azure.storage.file.datalake.DataLakeServiceClient;
import com.azure.storage.file.datalake.DataLakeServiceClientBuilder;
import dev.labhand.storage.StorageLocation;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Data Lake clients for the ADLS locations of the catalog, one per account and endpoint. Credentials come from the
 * environment only: {@code AZURE_STORAGE_KEY} (the account key, as {@code az storage fs ... --account-key}), else
 * Azure's standard chain (service principal in AZURE_CLIENT_ID/SECRET/TENANT_ID, managed identity, az login). A
 * location's {@code endpoint} replaces {@code https://<account>.dfs.core.windows.net} (tests: a loopback fake).
 */
public final class AdlsClients {
    /** One HTTP attempt; with the retries below a call ends within about a minute. */
    static final Duration ATTEMPT = Duration.ofSeconds(15);
    static final int TRIES = 3;

    private final Function<String, String> env;
    private final Map<String, DataLakeServiceClient> clients = new ConcurrentHashMap<>();

    public AdlsClients(Function<String, String> env) {
        this.env = env;
    }

    /** The filesystem of an ADLS location. */
    public DataLakeFileSystemClient fileSystem(StorageLocation location) {
        return service(location).getFileSystemClient(location.container());
    }

    /** The dfs endpoint a location is reached at. */
    public static String endpoint(StorageLocation location) {
        String configured = location.endpoint() == null ? "" : location.endpoint().strip();
        if (configured.isEmpty()) return "https://" + location.account() + ".dfs.core.windows.net";
        return configured.endsWith("/") ? configured.substring(0, configured.length() - 1) : configured;
    }

    DataLakeServiceClient service(StorageLocation location) {
        return clients.computeIfAbsent(location.account() + " " + endpoint(location), k -> build(location));
    }

    private DataLakeServiceClient build(StorageLocation location) {
        var builder = new DataLakeServiceClientBuilder()
                .endpoint(endpoint(location))
                .retryOptions(new RequestRetryOptions(RetryPolicyType.EXPONENTIAL, TRIES, ATTEMPT,
                        Duration.ofMillis(500), Duration.ofSeconds(4), null))
                .httpClient(new NettyAsyncHttpClientBuilder().connectTimeout(ATTEMPT).responseTimeout(ATTEMPT)
                        .readTimeout(ATTEMPT).writeTimeout(ATTEMPT).build());
        String key = env.apply("AZURE_STORAGE_KEY");
        if (key != null && !key.isBlank()) {
            builder.credential(new StorageSharedKeyCredential(location.account(), key.strip()));
        } else {
            builder.credential(new DefaultAzureCredentialBuilder().build());
        }
        return builder.buildClient();
    }

    /**
     * A SAS for one directory and what lies under it ({@code sr=d}), signed locally with the account key (no request
     * is made): what a member's blobfuse2 mount carries instead of the key. Empty without AZURE_STORAGE_KEY.
     */
    public java.util.Optional<String> directorySas(StorageLocation location, String path, boolean write,
                                                   java.time.OffsetDateTime expiry) {
        String key = env.apply("AZURE_STORAGE_KEY");
        if (key == null || key.isBlank()) return java.util.Optional.empty();
        var permission = new com.azure.storage.file.datalake.sas.PathSasPermission().setReadPermission(true)
                .setListPermission(true).setExecutePermission(true).setWritePermission(write).setCreatePermission(write)
                .setAddPermission(write).setDeletePermission(write).setMovePermission(write);
        var values = new com.azure.storage.file.datalake.sas.DataLakeServiceSasSignatureValues(expiry, permission)
                .setProtocol(com.azure.storage.common.sas.SasProtocol.HTTPS_ONLY);
        return java.util.Optional.of(fileSystem(location).getDirectoryClient(path).generateSas(values));
    }
}
