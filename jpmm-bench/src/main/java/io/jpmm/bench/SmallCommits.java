package io.jpmm.bench;

import io.jpmm.Shelf;
import io.jpmm.ShelfOptions;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.lmdbjava.ByteBufferProxy;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.Txn;

/**
 * Small durable commits, one value at a time, side by side in one run: jpmm puts, LMDB
 * (lmdbjava, every commit synced) and SQLite (sqlite-jdbc, WAL, {@code synchronous=FULL}). Each
 * system writes the same values under the same 100 names, cycling; the latency of every commit is
 * recorded.
 */
final class SmallCommits {
    private interface Store extends AutoCloseable {
        void put(String name, byte[] value) throws Exception;
    }

    private record Row(String system, int bytes, double opsPerSecond, double p50, double p99, double p999) {
    }

    public static void main(String[] args) throws Exception {
        var options = new Options(args);
        Path directory = options.path("dir", "/tmp/jpmm-bench").resolve("small-commits");
        int commits = (int) options.number("commits", 3000);
        List<Row> rows = new ArrayList<>();
        for (int bytes : new int[] {8, 256, 4096}) {
            for (String system : List.of("jpmm", "LMDB", "SQLite")) {
                deleteRecursively(directory);
                Files.createDirectories(directory);
                try (Store store = open(system, directory)) {
                    rows.add(measure(system, bytes, commits, store));
                }
            }
        }
        deleteRecursively(directory);
        System.out.printf("small durable commits, %d per system and size, into %s (%s)%n", commits, directory,
                Files.getFileStore(directory.getParent()).type());
        System.out.println("JDK/machine: " + Timing.machine());
        System.out.println();
        System.out.println("| value | system | commits/s | p50 µs | p99 µs | p99.9 µs | commits/s vs SQLite |");
        System.out.println("|---:|---|---:|---:|---:|---:|---:|");
        for (Row row : rows) {
            double sqlite = rows.stream().filter(other -> other.bytes() == row.bytes() && other.system().equals("SQLite"))
                    .findFirst().orElseThrow().opsPerSecond();
            System.out.printf("| %d B | %s | %.0f | %.0f | %.0f | %.0f | %.2f× |%n", row.bytes(), row.system(),
                    row.opsPerSecond(), row.p50(), row.p99(), row.p999(), row.opsPerSecond() / sqlite);
        }
    }

    private static Row measure(String system, int bytes, int commits, Store store) throws Exception {
        byte[] value = new byte[bytes];
        long[] nanos = new long[commits];
        for (int warm = 0; warm < 200; warm++) {
            store.put("k" + warm % 100, value);
        }
        long start = System.nanoTime();
        for (int i = 0; i < commits; i++) {
            value[0] = (byte) i;
            long before = System.nanoTime();
            store.put("k" + i % 100, value);
            nanos[i] = System.nanoTime() - before;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Arrays.sort(nanos);
        return new Row(system, bytes, commits / seconds, nanos[commits / 2] / 1e3, nanos[commits * 99 / 100] / 1e3,
                nanos[commits * 999 / 1000] / 1e3);
    }

    private static Store open(String system, Path directory) throws Exception {
        return switch (system) {
            case "jpmm" -> jpmm(directory);
            case "LMDB" -> lmdb(directory);
            default -> sqlite(directory);
        };
    }

    private static Store jpmm(Path directory) {
        // A shelf of the default size, as a user's first shelf is: its commit log holds 256 small
        // commits per half before a checkpoint (a 16 MiB shelf's holds 64, and checkpoints then
        // made up the slowest 1.6 % of commits).
        Shelf shelf = Shelf.open("commits", ShelfOptions.at(directory));
        return new Store() {
            @Override
            public void put(String name, byte[] value) {
                if (value.length == 8) {
                    shelf.put(name, ByteBuffer.wrap(value).getLong());
                } else {
                    shelf.put(name, value);
                }
            }

            @Override
            public void close() {
                shelf.close();
            }
        };
    }

    private static Store lmdb(Path directory) {
        // The safe proxy needs no opened JDK internals; every commit is synced (no MDB_NOSYNC).
        Env<ByteBuffer> env = Env.create(ByteBufferProxy.PROXY_SAFE).setMapSize(1L << 30).setMaxDbs(1)
                .open(directory.toFile());
        Dbi<ByteBuffer> db = env.openDbi("commits", DbiFlags.MDB_CREATE);
        ByteBuffer key = ByteBuffer.allocateDirect(64);
        ByteBuffer data = ByteBuffer.allocateDirect(8192);
        return new Store() {
            @Override
            public void put(String name, byte[] value) {
                key.clear().put(name.getBytes(StandardCharsets.UTF_8)).flip();
                data.clear().put(value).flip();
                try (Txn<ByteBuffer> txn = env.txnWrite()) {
                    db.put(txn, key, data);
                    txn.commit();
                }
            }

            @Override
            public void close() {
                env.close();
            }
        };
    }

    private static Store sqlite(Path directory) throws Exception {
        Connection connection = DriverManager.getConnection("jdbc:sqlite:" + directory.resolve("commits.db"));
        try (Statement setup = connection.createStatement()) {
            setup.execute("PRAGMA journal_mode=WAL");
            setup.execute("PRAGMA synchronous=FULL");
            setup.execute("CREATE TABLE kv (k TEXT PRIMARY KEY, v BLOB)");
        }
        PreparedStatement insert = connection.prepareStatement("INSERT OR REPLACE INTO kv (k, v) VALUES (?, ?)");
        return new Store() {
            @Override
            public void put(String name, byte[] value) throws Exception {
                insert.setString(1, name);
                insert.setBytes(2, value);
                insert.executeUpdate();
            }

            @Override
            public void close() throws Exception {
                insert.close();
                connection.close();
            }
        };
    }

    private static void deleteRecursively(Path path) throws java.io.IOException {
        if (Files.exists(path)) {
            try (var paths = Files.walk(path)) {
                for (Path each : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(each);
                }
            }
        }
    }
}
