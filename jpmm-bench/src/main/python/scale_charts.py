"""Draws the charts of the store-scale results: put bandwidth by array size (jpmm next to NumPy and
Java's ways of saving an array), and reopen time by variable count and by shelf size.

    python3 jpmm-bench/src/main/python/scale_charts.py PUTS.md MANY.md REOPEN.md PUTS.png REOPEN.png

PUTS.md holds the tables `jpmm-bench put --mib N` printed, one per size, each after its
"put of a N MiB" line; MANY.md the table of `jpmm-bench many`; REOPEN.md the tables of
`jpmm-bench reopen --large-mib N` (a shelf of 10 MiB against one of N MiB). Needs matplotlib.
"""
import re
import sys

import matplotlib

matplotlib.use('Agg')
import matplotlib.pyplot as plt  # noqa: E402

METHODS = [
    ('jpmm put, replacing', 'jpmm put, replacing a variable'),
    ('jpmm put into a new shelf', 'jpmm put into a new shelf'),
    ('np.save + os.fsync', 'NumPy np.save + fsync (new file)'),
    ('np.memmap', 'NumPy np.memmap copy + flush (new file)'),
    ('FileChannel.write', 'FileChannel.write + force (new file)'),
    ('Kryo', 'Kryo + sync'),
    ('ceiling: MemorySegment.copy', 'mapped copy + force (ceiling)'),
]


def put_tables(path):
    """{mib: {method: GB/s}}"""
    found, current = {}, None
    for line in open(path):
        size = re.match(r'put of a (\d+) MiB', line)
        if line.startswith('#'):
            current = None  # a new section: its tables are not put tables
        elif size:
            current = found.setdefault(int(size.group(1)), {})
        elif current is not None and line.startswith('| ') and not line.startswith('| method'):
            cells = [cell.strip() for cell in line.strip().strip('|').split('|')]
            if len(cells) > 2 and not cells[0].startswith('---'):
                current[cells[0]] = float(cells[2])
    return found


def many_table(path):
    """[(variables, state, reopen seconds)] from the first table (the mixed shelf)."""
    rows = []
    for line in open(path):
        cells = [cell.strip() for cell in line.strip().strip('|').split('|')]
        if line.startswith('| ') and cells[0].isdigit():
            rows.append((int(cells[0]), cells[1], float(cells[4])))
        elif rows:
            break
    return rows


def reopen_by_size(path):
    """[(shelf MiB, reopen ms)] from the jpmm rows of `jpmm-bench reopen` tables."""
    points, large = [], None
    for line in open(path):
        size = re.search(r'--large-mib (\d+)', line)
        if size:
            large = int(size.group(1))
        elif line.startswith('| jpmm: Shelf.open') and large:
            cells = [cell.strip() for cell in line.strip().strip('|').split('|')]
            points += [(10, float(cells[1])), (large, float(cells[2]))]
    return points


def main(puts, many, reopen, puts_png, reopen_png):
    tables = put_tables(puts)
    sizes = sorted(tables)
    figure, axis = plt.subplots(figsize=(8, 5))
    for key, label in METHODS:
        values = [next((v for name, v in tables[size].items() if key in name), None) for size in sizes]
        if any(v is not None for v in values):
            axis.plot(sizes, values, marker='o', label=label)
    axis.set_xscale('log', base=2)
    axis.set_xticks(sizes, [f'{s} MiB' if s < 1024 else f'{s // 1024} GiB' for s in sizes])
    axis.set_ylabel('GB/s (durable)')
    axis.set_xlabel('float64 array size')
    axis.set_title('Durable write bandwidth by array size (ext4, 2-vCPU VM, median of 3 runs per size)')
    axis.legend(fontsize=8)
    figure.tight_layout()
    figure.savefig(puts_png, dpi=110)

    rows = many_table(many)
    figure, (axis, by_size) = plt.subplots(1, 2, figsize=(13, 5))
    for state, style in (('loaded', 'o-'), ('after', 's--')):
        points = [(n, s) for n, st, s in rows if st.startswith(state)]
        axis.plot([n for n, _ in points], [s for _, s in points], style,
                  label='freshly loaded' if state == 'loaded' else 'after as many put/erase cycles')
    axis.axhline(1.0, color='red', linewidth=1, label='goal: 1 s')
    axis.set_xscale('log')
    axis.set_xlabel('variables in the shelf')
    axis.set_ylabel('reopen seconds')
    axis.set_title('Reopen time by variable count')
    axis.legend()
    points = sorted(reopen_by_size(reopen))
    by_size.plot([mib for mib, _ in points], [ms for _, ms in points], 'o')
    by_size.set_xscale('log')
    by_size.set_ylim(0, max(ms for _, ms in points) * 1.5)
    by_size.set_xlabel('shelf size, MiB (10 arrays)')
    by_size.set_ylabel('reopen + names + first element, ms')
    by_size.set_title('Reopen time by shelf size: it never reads the data')
    figure.tight_layout()
    figure.savefig(reopen_png, dpi=110)


if __name__ == '__main__':
    main(*sys.argv[1:6])
