"""Writes the safetensors file jpmm-safetensors' tests compare with, using the reference implementation.

    python3 jpmm-safetensors/src/test/python/reference_file.py OUT_DIRECTORY

(tools/regenerate-oracle-fixtures runs it into src/test/resources/oracle/reference_file.)

Needs numpy, ml_dtypes and safetensors (0.8.0 made the committed files). Every tensor holds a
pattern the tests compute again: element i of a tensor is (i * 7 + k) % 50, k the tensor's index in
TENSORS, cast to its dtype (True where odd, for bool; real part only, for complex).
"""
import os
import sys

import ml_dtypes
import numpy as np
from safetensors.numpy import save

# name, numpy dtype, shape
TENSORS = [
    ('weight', np.float32, (3, 4)),
    ('bias', np.float64, (5,)),
    ('half', np.float16, (2, 3)),
    ('brain', ml_dtypes.bfloat16, (4,)),
    ('mask', np.bool_, (6,)),
    ('i8', np.int8, (3,)),
    ('u8', np.uint8, (3,)),
    ('i16', np.int16, (2, 2)),
    ('u16', np.uint16, (2,)),
    ('i32', np.int32, (3,)),
    ('u32', np.uint32, (1,)),
    ('i64', np.int64, (2, 1, 2)),
    ('u64', np.uint64, (2,)),
    ('c64', np.complex64, (2,)),
    ('scalar', np.float32, ()),
    ('empty', np.float32, (0, 3)),
]


def pattern(k, dtype, shape):
    values = (np.arange(int(np.prod(shape, dtype=np.int64))) * 7 + k) % 50
    if dtype == np.bool_:
        return (values % 2 == 1).reshape(shape)
    return values.astype(dtype).reshape(shape)


def main(out):
    os.makedirs(out, exist_ok=True)
    tensors = {name: pattern(k, dtype, shape) for k, (name, dtype, shape) in enumerate(TENSORS)}
    with open(os.path.join(out, 'reference.safetensors'), 'wb') as out:
        out.write(save(tensors, metadata={'format': 'pt'}))


if __name__ == '__main__':
    main(sys.argv[1])
