/**
 * Shelved arrays as ONNX Runtime tensors without copies. ONNX Runtime loads its native library
 * through JNI: on JDK 25 the JVM needs {@code --enable-native-access=com.microsoft.onnxruntime}
 * (module path) or {@code =ALL-UNNAMED} (class path). jpmm itself needs no flag.
 */
module io.jpmm.onnxruntime {
    requires transitive io.jpmm;
    requires transitive com.microsoft.onnxruntime;

    exports io.jpmm.onnxruntime;
}
