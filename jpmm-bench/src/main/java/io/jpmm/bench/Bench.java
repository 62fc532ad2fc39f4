package io.jpmm.bench;

import java.util.Arrays;

/**
 * Entry point of the benchmark jar:
 * {@code java --enable-native-access=ALL-UNNAMED -jar jpmm-bench/target/jpmm-bench.jar put|reopen|tx|compute|commits|many|big|tensors|zarr|jmh [options]}.
 */
public final class Bench {

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        String command = args.length == 0 ? "help" : args[0];
        String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
        switch (command) {
            case "put" -> PutThroughput.main(rest);
            case "reopen" -> ReopenTime.main(rest);
            case "tx" -> TransactionCost.main(rest);
            case "compute" -> ComputeSpeed.main(rest);
            case "dropped" -> DroppedResults.main(rest);
            case "commits" -> SmallCommits.main(rest);
            case "many" -> ManyVariables.main(rest);
            case "big" -> BiggerThanMemory.main(rest);
            case "tensors" -> TensorFiles.main(rest);
            case "zarr" -> ZarrTransfers.main(rest);
            case "jmh" -> org.openjdk.jmh.Main.main(rest);
            default -> System.out.println("""
                    usage: jpmm-bench put    [--dir DIR] [--mib N] [--runs N]   put throughput vs raw copy+force and peers
                           jpmm-bench reopen [--dir DIR] [--large-mib N]        reopen time: small vs large shelves
                           jpmm-bench tx     [--dir DIR] [--runs N] [--large-mib N]  transaction and growth cost
                           jpmm-bench compute [--sizes N,N] [--ops OP,OP] [--runs N] [--python P]  compute vs NumPy and double[] loops
                           jpmm-bench dropped [--sizes N,N] [--seconds N]       a loop of out-of-place adds: time and peak resident set
                           jpmm-bench commits [--dir DIR] [--commits N]        small durable commits vs LMDB and SQLite
                           jpmm-bench many    [--dir DIR] [--counts N,N] [--arrays-every K]  many variables: load, reopen, list
                           jpmm-bench big     [--dir DIR] [--mb N]             an array larger than memory: import, sum, scale, export
                           jpmm-bench tensors [--dir DIR] [--mib N] [--runs N]  safetensors import/export vs cp + sync; first inference
                           jpmm-bench zarr    [--dir DIR] [--mib N]            push/pull to a directory and S3Proxy vs cp + sync
                           jpmm-bench jmh    [JMH options]                      element access micro-benchmarks""");
        }
    }
}
