"""How NumPy reads dtype spellings, the oracle for DType.parse.

Writes names.json into the directory given as the only argument: for each spelling a user may
type (names, aliases, type codes, descriptors with byte order), the name of the dtype np.dtype()
makes of it, or null where NumPy refuses the spelling or makes a dtype jpmm does not have.
Regenerate the committed fixture with tools/regenerate-oracle-fixtures (NumPy >= 2 needed).
"""
import json
import os
import sys

import numpy as np

assert int(np.__version__.split('.')[0]) >= 2, f"NumPy 2 or newer is the oracle, found {np.__version__}"

JPMM = {'bool', 'int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'uint64', 'float16', 'float32',
        'float64', 'complex64', 'complex128'}

SPELLINGS = sorted(set(
    list(JPMM)
    + ['bool_', 'bool8', '?', 'b1', '|b1', '=b1',
       'byte', 'ubyte', 'short', 'ushort', 'intc', 'uintc', 'int', 'uint', 'long', 'ulong', 'longlong', 'ulonglong',
       'intp', 'uintp', 'int_', 'uint_',
       'half', 'single', 'double', 'float', 'float_', 'longdouble', 'float128',
       'csingle', 'cdouble', 'complex', 'cfloat', 'complex_', 'clongdouble', 'complex256',
       'b', 'B', 'h', 'H', 'i', 'I', 'l', 'L', 'q', 'Q', 'p', 'P', 'e', 'f', 'd', 'g', 'F', 'D', 'G',
       'i1', 'u1', 'i2', 'u2', 'i4', 'u4', 'i8', 'u8', 'f2', 'f4', 'f8', 'f16', 'c8', 'c16', 'c32',
       '<i2', '>i2', '=i2', '|i1', '<u8', '>u8', '<f2', '>f4', '<f8', '>f8', '=f8', '<c8', '>c16', '|u1',
       '|f8', '|i2', '>i1', '<i1', '<b1', '<?', '=u1', 'f8 ', '<float64', '<double', '>int', '<e', '>d',
       'Float64', 'FLOAT32', 'int128', 'float80', 'str', 'U5', 'S3', 'O', 'M8[s]', 'V4', 'bfloat16', '', 'x']))


def name_of(spelling):
    try:
        dtype = np.dtype(spelling)
    except (TypeError, ValueError):
        return None
    if dtype.name not in JPMM:
        return None
    return {'name': dtype.name, 'big_endian': dtype.byteorder == '>'}


def main(out):
    with open(os.path.join(out, 'names.json'), 'w') as file:
        json.dump({'numpy': np.__version__, 'spellings': {s: name_of(s) for s in SPELLINGS}}, file, indent=1)
        file.write('\n')


if __name__ == '__main__':
    main(sys.argv[1])
