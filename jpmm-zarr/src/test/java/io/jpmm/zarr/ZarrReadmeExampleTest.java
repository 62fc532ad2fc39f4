package io.jpmm.zarr;

import io.jpmm.testkit.ChildJvm;
import io.jpmm.testkit.ReadmeExamples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Zarr examples of README.md run as written against a real S3 server: the Java one pushes a
 * shelf and pulls it into another, then the JavaScript one reads the same array with zarrita (the
 * README's {@code http://localhost:9000} is S3Proxy's anonymous endpoint here).
 */
class ZarrReadmeExampleTest {
    @TempDir
    Path directory;

    @Test
    void theZarrExamplesPushPullAndReadWithZarrita() throws Exception {
        try (S3ProxyServer server = S3ProxyServer.start(Files.createDirectories(directory.resolve("buckets")))) {
            ReadmeExamples.compile(ReadmeExamples.snippet("ZarrReadmeExampleTest"), directory);
            var example = new ProcessBuilder(ChildJvm.javaExecutable().toString(), "--enable-native-access=ALL-UNNAMED",
                    "-Djpmm.path=" + directory.resolve("shelves"),
                    "-cp", directory + java.io.File.pathSeparator + System.getProperty("java.class.path"), "ReadmeExample")
                    .directory(directory.toFile()).redirectErrorStream(true);
            example.environment().put("AWS_ENDPOINT_URL", server.endpoint().toString());
            example.environment().put("AWS_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY);
            example.environment().put("AWS_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY);
            example.environment().put("AWS_REGION", "us-east-1");
            Process process = example.start();
            String printed = new String(process.getInputStream().readAllBytes());
            assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
            assertThat(process.exitValue()).as(printed).isZero();
            assertThat(printed).contains("version 1\n").contains("shelved([[1., 2.],\n         [3., 4.]])");
            if (Zarrita.install().isEmpty()) {
                return;
            }
            String script = ReadmeExamples.snippet("run with zarrita by ZarrReadmeExampleTest", "js")
                    .replace("http://localhost:9000/shelves", server.anonymousUrl("").replaceAll("/$", ""));
            Path module = Files.writeString(directory.resolve("readme_example.mjs"), script);
            assertThat(Zarrita.run(module).strip()).isEqualTo("[ 1, 2, 3, 4 ]");
        }
    }
}
