/**
 * Zarr v3 for jpmm: shelves pushed to and pulled from directories and S3-compatible object stores,
 * readable by every Zarr v3 reader (zarrita, zarr-python, tensorstore, Dask, xarray). The zstd
 * codec loads zstd-jni's native library through JNI: on JDK 25 that prints a warning unless the JVM
 * runs with {@code --enable-native-access=com.github.luben.zstd_jni} (module path) or
 * {@code =ALL-UNNAMED} (class path). Other codecs, and S3, need no flag.
 */
module io.jpmm.zarr {
    requires transitive io.jpmm;
    requires tools.jackson.databind;
    requires com.github.luben.zstd_jni;
    requires software.amazon.awssdk.services.s3;
    requires software.amazon.awssdk.core;
    requires software.amazon.awssdk.regions;
    requires transitive software.amazon.awssdk.auth;
    requires software.amazon.awssdk.http.urlconnection;
    requires software.amazon.awssdk.http;
    requires software.amazon.awssdk.awscore;
    requires software.amazon.awssdk.identity.spi;
    requires software.amazon.awssdk.retries;
    requires software.amazon.awssdk.retries.api;

    exports io.jpmm.zarr;
}
