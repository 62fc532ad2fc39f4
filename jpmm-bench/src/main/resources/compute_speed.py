"""NumPy's side of jpmm-bench compute: the same operations at the same sizes, one thread.

Reads the plan as JSON on stdin ({"sizes": [elements...], "ops": [names...], "runs": n}) and prints
{op: {elements: seconds}} as JSON, each the median of n runs of a timed loop lasting at least 20 ms.
"""
import json
import sys
import time

import numpy as np


def timed(action):
    repeat = 1
    while True:
        start = time.perf_counter()
        for _ in range(repeat):
            action()
        elapsed = time.perf_counter() - start
        if elapsed >= 0.02:
            return elapsed / repeat
        repeat *= 2


def median(values):
    values = sorted(values)
    return values[len(values) // 2]


def main():
    plan = json.load(sys.stdin)
    results = {}
    for elements in plan['sizes']:
        a = np.arange(elements, dtype=np.float64) * 0.5
        b = np.ones(elements, dtype=np.float64)
        rows = max(1, elements // 1024)
        m = a[:rows * 1024].reshape(rows, 1024)
        side = int(np.sqrt(elements))
        square = a[:side * side].reshape(side, side)
        vector = b[:side]
        ops = {
            'sum': lambda: a.sum(),
            'strided sum': lambda: a[::2].sum(),
            'add': lambda: a + b,
            'add in place': lambda: np.add(a, b, out=a),
            'scale in place': lambda: np.multiply(b, 1.0000001, out=b),
            'sum axis 0': lambda: m.sum(axis=0),
            'sum axis 1': lambda: m.sum(axis=1),
            'astype float32': lambda: a.astype(np.float32),
            'matvec': lambda: square @ vector,
        }
        for name in plan['ops']:
            if name in ops:
                results.setdefault(name, {})[str(elements)] = median([timed(ops[name]) for _ in range(plan['runs'])])
    if 'matmul 512' in plan['ops']:
        x = np.random.default_rng(1).standard_normal((512, 512))
        y = np.random.default_rng(2).standard_normal((512, 512))
        results['matmul 512'] = {'512': median([timed(lambda: x @ y) for _ in range(plan['runs'])])}
    json.dump({'numpy': np.__version__, 'results': results}, sys.stdout)


if __name__ == '__main__':
    main()
