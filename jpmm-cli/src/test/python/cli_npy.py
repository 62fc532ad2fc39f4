""".npy files NumPy wrote, for the command line's import/export round trips.

Writes into the directory given as the only argument: in/DTYPE.npy, a (6, 5) array of random bits
for every NumPy dtype jpmm has. Regenerate the committed fixture with
tools/regenerate-oracle-fixtures (NumPy >= 2 needed).
"""
import os
import sys

import numpy as np

assert int(np.__version__.split('.')[0]) >= 2, f"NumPy 2 or newer is the oracle, found {np.__version__}"

DESCRS = ['|b1', '|i1', '|u1', '<i2', '<u2', '<i4', '<u4', '<i8', '<u8', '<f2', '<f4', '<f8', '<c8', '<c16']


def main(out):
    os.makedirs(os.path.join(out, 'in'), exist_ok=True)
    for i, descr in enumerate(DESCRS):
        dtype = np.dtype(descr)
        raw = np.random.default_rng(i).integers(0, 256, 6 * 5 * dtype.itemsize, dtype=np.uint8)
        if dtype.kind == 'b':
            raw = raw % 2
        np.save(os.path.join(out, 'in', dtype.name + '.npy'), np.frombuffer(raw.tobytes(), dtype=dtype).reshape(6, 5))


if __name__ == '__main__':
    main(sys.argv[1])
