"""NumPy's repr of many arrays, the oracle for NdArray.toString().

Writes repr.json into the directory given as the only argument: a list of cases, each with the
array's NumPy descriptor, shape, little-endian bytes (base64) and repr(array) as NumPy 2 prints it.
Regenerate the committed fixture with tools/regenerate-oracle-fixtures (NumPy >= 2 needed).
"""
import base64
import json
import os
import sys

import numpy as np

assert int(np.__version__.split('.')[0]) >= 2, f"NumPy 2 or newer is the oracle, found {np.__version__}"


def cases():
    rng = np.random.default_rng(1)
    yield np.array([1.5, 2.25, 3.0])
    yield np.array([0.1, 0.2, 0.1 + 0.2])
    yield np.array([1e-5, 1.0])
    yield np.array([1e8, 1.0])
    yield np.array([np.nan, np.inf, -np.inf, 1.5])
    yield np.array([np.nan, np.inf])
    yield np.array([-0.0, 0.0])
    yield np.array([123456789.0, 0.001])
    yield np.array([1e20, -1e-300, 5.0])
    yield np.array([1 / 3, 2 / 3, 100 / 7])
    yield np.array([999.5, 1.0])
    yield np.array([1e-4, 0.1])
    yield np.array([5e-324, 1.0])
    yield np.array([5e-324, 1.5])
    yield np.array([0.3, 1.25e-5])
    yield np.array([1.7976931348623157e308, -2.2250738585072014e-308])
    yield rng.uniform(-10, 10, 100)
    yield np.arange(20) * 1.123
    yield np.arange(2000.0)
    yield np.arange(2000.0).reshape(40, 50)
    yield np.arange(2000.0).reshape(10, 10, 20)
    yield np.arange(2000.0).reshape(2, 10, 10, 10)[0:2]
    yield np.arange(16.0).reshape(2, 2, 2, 2)
    yield np.arange(2000).reshape(40, 50)
    yield np.arange(1001, dtype=np.int8)
    yield np.zeros(1001, dtype=bool)
    yield np.array([0.1, 0.2, 1e10, -3.25], dtype=np.float32)
    yield np.array([0.1, 0.25, 7], dtype=np.float32)
    yield np.array([-0.6204749, 1e-5], dtype=np.float32)
    yield np.array([1e5, 1.5], dtype=np.float32)
    yield np.array([1e6, 1.5], dtype=np.float32)
    yield np.array([3.4028235e38, 1.4e-45], dtype=np.float32)
    yield np.array([0.1, 0.2, 65504, -2.5], dtype=np.float16)
    yield np.array([0.333, 1, 2], dtype=np.float16)
    yield np.array([1e-7, 1, 2], dtype=np.float16)
    yield np.array([1e-7, 1.5, 2.25], dtype=np.float16)
    yield np.array([1e3, 1.5], dtype=np.float16)
    yield np.array([999, 1.5], dtype=np.float16)
    counting = np.arange(30) * 37 - 500
    yield counting
    yield counting.reshape(5, 6)
    yield counting[:12].astype(np.int8).reshape(3, 4)
    yield np.array([-5, 100000, 7], dtype=np.int32)
    yield np.array([0, 255, 7, 128], dtype=np.uint8)
    yield np.array([65535, 1], dtype=np.uint16)
    yield np.array([4294967295, 1], dtype=np.uint32)
    yield np.array([2 ** 64 - 1, 5], dtype=np.uint64)
    yield np.array([-32768, 32767], dtype=np.int16)
    yield np.array([[True, False, True], [False, False, True]])
    complex128 = np.array([1 + 2j, -3.5 - 0.25j, complex(np.nan, 1e-7)])
    yield complex128
    yield complex128.astype(np.complex64)
    yield np.array([1 + 2j, 1e-9j], dtype=np.complex64)
    yield np.array([-0.6204749 + 3j, 1e-5 - 1j], dtype=np.complex64)
    yield np.array([np.inf + 1j, 2 - np.inf * 1j])
    yield np.zeros(0)
    yield np.zeros(0, dtype=np.int32)
    yield np.zeros((2, 0))
    yield np.zeros((0, 3), dtype=np.float32)
    yield np.array(-5)
    yield np.array(1.5, dtype=np.float32)
    yield np.array(True)
    yield np.array(1e-20)
    yield np.array(2 + 3j, dtype=np.complex64)
    for descr in ['|b1', '|i1', '|u1', '<i2', '<u2', '<i4', '<u4', '<i8', '<u8', '<f2', '<f4', '<f8', '<c8', '<c16']:
        dtype = np.dtype(descr)
        if dtype.kind in 'biu':
            bits = rng.integers(0, 256, 20 * dtype.itemsize, dtype=np.uint8)
            if dtype.kind == 'b':
                bits = bits % 2
            yield np.frombuffer(bits.tobytes(), dtype=dtype).reshape(4, 5)
        elif dtype.kind == 'f':
            yield (rng.standard_normal((4, 5)) * 100).astype(dtype)
            with np.errstate(over="ignore"):
                yield (rng.standard_normal(7) * 10.0 ** rng.integers(-12, 12, 7)).astype(dtype)
        else:
            yield (rng.standard_normal((4, 5)) * 100 + 1j * rng.standard_normal((4, 5))).astype(dtype)
    for scale in [1e-6, 1e-3, 1, 1e3, 1e6, 1e9]:
        yield (rng.standard_normal(6) * scale)
        yield (rng.standard_normal(6) * scale).astype(np.float32)


def main(out):
    written = []
    for array in cases():
        array = np.ascontiguousarray(array)
        written.append({
            'descr': array.dtype.str,
            'shape': list(array.shape),
            'data': base64.b64encode(array.astype(array.dtype.newbyteorder('<')).tobytes()).decode('ascii'),
            'repr': repr(array),
        })
    with open(os.path.join(out, 'repr.json'), 'w') as file:
        json.dump({'numpy': np.__version__, 'cases': written}, file, indent=1)
        file.write('\n')


if __name__ == '__main__':
    main(sys.argv[1])
