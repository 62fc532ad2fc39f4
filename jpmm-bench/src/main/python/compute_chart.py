"""Draws the chart of a jpmm-bench compute result file: jpmm's speed relative to NumPy by array
size, for the operations the issue tracks, with plain loops and with the Vector API.

    python3 jpmm-bench/src/main/python/compute_chart.py RESULT.md CHART.png

RESULT.md holds the two tables `jpmm-bench compute` printed (plain loops first, then with
--add-modules jdk.incubator.vector); needs matplotlib.
"""
import sys

import matplotlib

matplotlib.use('Agg')
import matplotlib.pyplot as plt  # noqa: E402

OPS = ['sum', 'strided sum', 'add in place', 'scale in place', 'sum axis 0', 'sum axis 1']
LABELS = {16384: '128 KiB', 1048576: '8 MiB', 100000000: '800 MB'}


def tables(path):
    found, current = [], None
    for line in open(path):
        if line.startswith('| operation'):
            current = {}
            found.append(current)
        elif current is not None and line.startswith('| ') and not line.startswith('|---'):
            cells = [cell.strip() for cell in line.strip().strip('|').split('|')]
            current[(cells[0], int(cells[1]))] = (float(cells[6].rstrip('×')), float(cells[7].rstrip('×')))
        elif not line.startswith('|'):
            # A table ends at the first line that is not a row: other tables in the file are not read.
            current = None
    return found


def main(source, target):
    found = tables(source)
    figure, axes = plt.subplots(1, len(found), figsize=(7 * len(found), 5), sharey=True)
    for axis, table, title in zip(axes, found, ['plain loops (no JVM flag)', 'Vector API (--add-modules jdk.incubator.vector)']):
        sizes = sorted({size for (_, size) in table if size in LABELS})
        width = 0.8 / len(OPS)
        for index, op in enumerate(OPS):
            dram = [table.get((op, size), (0, 0))[0] for size in sizes]
            shelved = [table.get((op, size), (0, 0))[1] for size in sizes]
            positions = [s + (index - len(OPS) / 2) * width for s in range(len(sizes))]
            axis.bar(positions, dram, width * 0.9, label=op + ' (DRAM)')
            axis.scatter(positions, shelved, color='black', marker='_', s=120, zorder=3)
        axis.axhline(1.0, color='red', linewidth=1)
        axis.set_xticks(range(len(sizes)), [LABELS[size] for size in sizes])
        axis.set_title(title)
        axis.set_ylabel('speed relative to NumPy (1 = as fast; bars DRAM, dashes shelved)')
    axes[0].legend(fontsize=8)
    figure.suptitle('jpmm float64 compute vs NumPy 2 (one thread), by array size')
    figure.tight_layout()
    figure.savefig(target, dpi=100)


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
