""".npy files as NumPy writes them, the oracle for jpmm-numpy's import and export.

Writes into the directory given as the only argument:
  read/NAME.npy     random bits of every dtype jpmm has, little- and big-endian, C and Fortran order,
                    in shapes from () to (2, 3, 5), plus headers of format versions 1.0, 2.0 and 3.0
  saved/NAME.npy    np.save of the same values, little-endian and C order: what an export must write
  manifest.json     for each file: dtype descriptor, shape, order, the values' little-endian C-order
                    bytes (base64), and the name of its saved/ twin
Regenerate the committed fixture with tools/regenerate-oracle-fixtures (NumPy >= 2 needed).
"""
import base64
import json
import os
import sys

import numpy as np
from numpy.lib import format as npy_format

assert int(np.__version__.split('.')[0]) >= 2, f"NumPy 2 or newer is the oracle, found {np.__version__}"

DESCRS = ['|b1', '|i1', '|u1', '<i2', '<u2', '<i4', '<u4', '<i8', '<u8', '<f2', '<f4', '<f8', '<c8', '<c16']
SHAPES = [(), (0,), (7,), (3, 4), (2, 3, 5)]


def random_array(dtype, shape, seed):
    raw = np.random.default_rng(seed).integers(0, 256, int(np.prod(shape)) * dtype.itemsize, dtype=np.uint8)
    if dtype.kind == 'b':
        raw = raw % 2
    return np.frombuffer(raw.tobytes(), dtype=dtype).reshape(shape)


def main(out):
    os.makedirs(os.path.join(out, 'read'), exist_ok=True)
    os.makedirs(os.path.join(out, 'saved'), exist_ok=True)
    manifest = []

    def add(name, array, order, version=None):
        path = os.path.join(out, 'read', name + '.npy')
        if version is None:
            np.save(path, array)
        else:
            with open(path, 'wb') as file:
                npy_format.write_array(file, array, version=version)
        little = array.astype(array.dtype.newbyteorder('<'), order='C')
        np.save(os.path.join(out, 'saved', name + '.npy'), little)
        manifest.append({'file': name + '.npy', 'descr': little.dtype.str, 'shape': list(array.shape),
                         'order': order, 'data': base64.b64encode(little.tobytes()).decode('ascii')})

    for seed_base, descr in enumerate(DESCRS):
        base = np.dtype(descr)
        orders = '<>' if base.itemsize > 1 else '|'
        for byte_order in orders:
            dtype = base.newbyteorder(byte_order) if base.itemsize > 1 else base
            tag = {'<': 'le', '>': 'be', '|': 'na'}[byte_order]
            for i, shape in enumerate(SHAPES):
                array = random_array(dtype, shape, 100 * seed_base + i)
                add(f"{base.name}_{tag}_{i}", array, 'C')
            # Fortran order: NumPy writes any F-contiguous array so, a transposed one for instance.
            for i, shape in enumerate([(3, 4), (2, 3, 5), (1, 6)]):
                array = np.asfortranarray(random_array(dtype, shape, 1000 + 100 * seed_base + i))
                add(f"{base.name}_{tag}_fortran_{i}", array, 'F')
    for version in [(1, 0), (2, 0), (3, 0)]:
        add(f"version_{version[0]}", np.arange(6, dtype='<i4').reshape(2, 3), 'C', version)
    with open(os.path.join(out, 'manifest.json'), 'w') as file:
        json.dump({'numpy': np.__version__, 'files': manifest}, file, indent=1)
        file.write('\n')


if __name__ == '__main__':
    main(sys.argv[1])
