package io.jpmm.zarr;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A Zarr store in an S3-compatible bucket, under a key prefix, through the AWS SDK for Java v2 over
 * the JDK's URL connection (no netty: no JVM flag). Credentials and region come from where the AWS
 * tools take them (environment variables, system properties, {@code ~/.aws/credentials} and
 * {@code config}, the profile in {@code AWS_PROFILE}); an endpoint (an S3-compatible server) is
 * addressed path-style. The SDK retries throttling, server errors and dropped connections (up to
 * five attempts each, with backoff, and a circuit breaker that stops retrying when most requests fail). Checksums are sent only where S3 requires them, which every
 * S3-compatible server accepts; jpmm checks its own CRC32C of every object on pull.
 */
public final class S3Store implements ZarrStore {
    private final S3Client client;
    private final SdkHttpClient http;
    private final String bucket;
    private final String prefix;
    private final String description;

    private S3Store(S3Client client, SdkHttpClient http, String bucket, String prefix, String description) {
        this.client = client;
        this.http = http;
        this.bucket = bucket;
        this.prefix = prefix;
        this.description = description;
    }

    /**
     * The store at {@code location}, {@code s3://bucket/prefix}, on the endpoint in
     * {@code AWS_ENDPOINT_URL_S3} or {@code AWS_ENDPOINT_URL} if one is set (the AWS tools' variables
     * for an S3-compatible server), else on AWS.
     */
    public static S3Store open(URI location) {
        String endpoint = System.getenv("AWS_ENDPOINT_URL_S3") != null ? System.getenv("AWS_ENDPOINT_URL_S3")
                : System.getenv("AWS_ENDPOINT_URL");
        return open(location, Optional.ofNullable(endpoint).filter(url -> !url.isBlank()).map(URI::create));
    }

    /**
     * The store at {@code location}, {@code s3://bucket/prefix}, on {@code endpoint} if given (an
     * S3-compatible server such as MinIO or S3Proxy), else on AWS.
     */
    public static S3Store open(URI location, Optional<URI> endpoint) {
        return open(location, endpoint, DefaultCredentialsProvider.builder().build());
    }

    /** Like {@link #open(URI, Optional)}, with credentials from {@code credentials}. */
    public static S3Store open(URI location, Optional<URI> endpoint, AwsCredentialsProvider credentials) {
        return open(location, endpoint, credentials, UrlConnectionHttpClient.builder().build());
    }

    /** Like {@link #open(URI, Optional, AwsCredentialsProvider)}, over {@code http} (which the store closes). */
    static S3Store open(URI location, Optional<URI> endpoint, AwsCredentialsProvider credentials, SdkHttpClient http) {
        if (!"s3".equals(location.getScheme()) || location.getHost() == null) {
            throw new IllegalArgumentException("an S3 location is s3://bucket/prefix, not " + location);
        }
        String bucket = location.getHost();
        String prefix = location.getPath() == null ? "" : location.getPath().replaceAll("^/+|/+$", "");
        var builder = S3Client.builder()
                .httpClient(http)
                .credentialsProvider(credentials)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(configuration -> configuration.retryStrategy(
                        AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(5).build()));
        String region = System.getenv("AWS_REGION") != null ? System.getenv("AWS_REGION") : System.getenv("AWS_DEFAULT_REGION");
        if (region != null || endpoint.isPresent()) {
            builder.region(Region.of(region != null ? region : "us-east-1"));
        }
        endpoint.ifPresent(uri -> builder.endpointOverride(uri).forcePathStyle(true));
        String description = location.getScheme() + "://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix)
                + endpoint.map(uri -> " at " + uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "")).orElse("");
        return new S3Store(builder.build(), http, bucket, prefix, description);
    }

    private String key(String key) {
        return prefix.isEmpty() ? key : prefix + "/" + key;
    }

    @Override
    public Optional<byte[]> get(String key) throws IOException {
        try {
            return Optional.of(client.getObjectAsBytes(request -> request.bucket(bucket).key(key(key))).asByteArray());
        } catch (NoSuchKeyException absent) {
            return Optional.empty();
        } catch (SdkException failure) {
            throw failed("reading", key, failure);
        }
    }

    @Override
    public void put(String key, MemorySegment value) throws IOException {
        try {
            // Streamed from the segment on each attempt: shelved memory is not copied into the heap first.
            client.putObject(request -> request.bucket(bucket).key(key(key)), RequestBody.fromContentProvider(
                    () -> new SegmentInputStream(value), value.byteSize(), "application/octet-stream"));
        } catch (SdkException failure) {
            throw failed("writing", key, failure);
        }
    }

    @Override
    public void copy(String from, String to) throws IOException {
        try {
            client.copyObject(request -> request.sourceBucket(bucket).sourceKey(key(from))
                    .destinationBucket(bucket).destinationKey(key(to)));
        } catch (SdkException failure) {
            throw failed("copying to " + to + " from", from, failure);
        }
    }

    @Override
    public List<String> list(String under) throws IOException {
        String start = key(under.isEmpty() ? "" : under + "/");
        try {
            return client.listObjectsV2Paginator(request -> request.bucket(bucket).prefix(start)).contents().stream()
                    .map(S3Object::key).map(key -> prefix.isEmpty() ? key : key.substring(prefix.length() + 1)).toList();
        } catch (SdkException failure) {
            throw failed("listing", under, failure);
        }
    }

    @Override
    public void delete(String key) throws IOException {
        try {
            client.deleteObject(request -> request.bucket(bucket).key(key(key)));
        } catch (SdkException failure) {
            throw failed("deleting", key, failure);
        }
    }

    private IOException failed(String what, String key, SdkException failure) {
        return new IOException(what + " " + description + "/" + key + " failed: " + failure.getMessage(), failure);
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        client.close();
        http.close();
    }

    /** A memory segment read as a stream, for the SDK's request body. */
    private static final class SegmentInputStream extends java.io.InputStream {
        private final MemorySegment data;
        private long position;

        SegmentInputStream(MemorySegment data) {
            this.data = data;
        }

        @Override
        public int read() {
            return position < data.byteSize() ? Byte.toUnsignedInt(data.get(java.lang.foreign.ValueLayout.JAVA_BYTE, position++)) : -1;
        }

        @Override
        public int read(byte[] target, int offset, int length) {
            if (position >= data.byteSize()) {
                return length == 0 ? 0 : -1;
            }
            int count = (int) Math.min(length, data.byteSize() - position);
            MemorySegment.copy(data, java.lang.foreign.ValueLayout.JAVA_BYTE, position, target, offset, count);
            position += count;
            return count;
        }
    }
}
