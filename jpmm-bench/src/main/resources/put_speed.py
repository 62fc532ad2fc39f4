"""The NumPy side of `jpmm-bench put`: durable saves of one float64 array into a new file.

Reads a JSON plan {"bytes", "runs", "dir"} on stdin and prints the median seconds of each method
as JSON on stdout. The array holds the same values as the Java side's.
"""
import json
import os
import statistics
import sys
import time

import numpy as np


def median_seconds(runs, prepare, action):
    times = []
    for _ in range(runs):
        prepare()
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    plan = json.load(sys.stdin)
    elements = plan["bytes"] // 8
    source = np.zeros(elements, dtype=np.float64)
    source[::512] = np.arange(0, elements, 512, dtype=np.float64) * 0.5
    path = os.path.join(plan["dir"], "numpy.npy")

    def remove():
        if os.path.exists(path):
            os.remove(path)

    def save():
        with open(path, "wb") as out:
            np.save(out, source)
            out.flush()
            os.fsync(out.fileno())

    def memmap_copy():
        target = np.memmap(path, dtype=np.float64, mode="w+", shape=(elements,))
        target[:] = source
        target.flush()
        del target

    result = {
        "numpy": np.__version__,
        "save": median_seconds(plan["runs"], remove, save),
        "memmap": median_seconds(plan["runs"], remove, memmap_copy),
    }
    remove()
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
