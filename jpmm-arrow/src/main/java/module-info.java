/**
 * Arrow IPC interchange for jpmm: Arrow files and streams (and Feather v2, which is an Arrow file)
 * in and out of shelves as table variables. The metadata is read with Arrow's generated flatbuffer
 * classes; the bodies are copied from mapped memory, without Arrow's memory module, so no JVM flag
 * is needed. Reading a ZSTD-compressed body loads zstd-jni's native library through JNI: on JDK 25
 * that prints a warning unless the JVM runs with {@code --enable-native-access=com.github.luben.zstd_jni}
 * (module path) or {@code =ALL-UNNAMED} (class path). Uncompressed and LZ4 bodies need nothing.
 */
module io.jpmm.arrow {
    requires transitive io.jpmm;
    requires org.apache.arrow.format;
    requires flatbuffers.java;
    requires org.lz4.java;
    requires com.github.luben.zstd_jni;

    exports io.jpmm.arrow;
}
