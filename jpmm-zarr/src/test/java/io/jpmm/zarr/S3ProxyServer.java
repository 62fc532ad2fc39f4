package io.jpmm.zarr;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * A real S3 API server for the tests: S3Proxy over its file-system backend (filesystem-nio2), on a random local port,
 * with path-style addressing. Two endpoints serve the same buckets: one that checks AWS signatures
 * (what jpmm pushes and pulls through) and one that reads anonymously (what zarrita reads over HTTP).
 */
final class S3ProxyServer implements AutoCloseable {
    static final String ACCESS_KEY = "jpmm-test-access";
    static final String SECRET_KEY = "jpmm-test-secret";
    static final String BUCKET = "shelves";

    private final BlobStoreContext context;
    private final S3Proxy signed;
    private final S3Proxy anonymous;

    private S3ProxyServer(BlobStoreContext context, S3Proxy signed, S3Proxy anonymous) {
        this.context = context;
        this.signed = signed;
        this.anonymous = anonymous;
    }

    static S3ProxyServer start(Path base) throws Exception {
        var properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", base.toString());
        // S3Proxy's own file-system backend: jclouds' older "filesystem" one sleeps a second, ten times,
        // on every delete of a key whose folder holds other keys.
        BlobStoreContext context = ContextBuilder.newBuilder(new org.gaul.s3proxy.nio2blob.FilesystemNio2BlobApiMetadata())
                .credentials("identity", "credential").overrides(properties).build(BlobStoreContext.class);
        context.getBlobStore().createContainerInLocation(null, BUCKET);
        S3Proxy signed = S3Proxy.builder().blobStore(context.getBlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY).build();
        S3Proxy anonymous = S3Proxy.builder().blobStore(context.getBlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.NONE, null, null).build();
        for (S3Proxy proxy : new S3Proxy[] {signed, anonymous}) {
            proxy.start();
            while (!proxy.getState().equals("STARTED")) {
                Thread.sleep(5);
            }
        }
        return new S3ProxyServer(context, signed, anonymous);
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + signed.getPort());
    }

    /** The anonymous HTTP URL of {@code key} in the bucket. */
    String anonymousUrl(String key) {
        return "http://127.0.0.1:" + anonymous.getPort() + "/" + BUCKET + "/" + key;
    }

    S3Store store(String prefix) {
        return S3Store.open(URI.create("s3://" + BUCKET + "/" + prefix), Optional.of(endpoint()), credentials());
    }

    S3Store store(String prefix, SdkHttpClient http) {
        return S3Store.open(URI.create("s3://" + BUCKET + "/" + prefix), Optional.of(endpoint()), credentials(), http);
    }

    static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
    }

    @Override
    public void close() throws Exception {
        signed.stop();
        anonymous.stop();
        context.close();
    }
}
