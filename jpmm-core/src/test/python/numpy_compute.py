"""NumPy 2 (and ml_dtypes for bfloat16) as the oracle of jpmm's indexing, arithmetic and reductions.

Writes cases.json into the directory given as the only argument: a list of cases, each an
operation jpmm also has, its operands, and what NumPy gives: an array (dtype, shape, base64 of the
little-endian C-order bytes) or the error it raises. Where NumPy's own answer depends on the order
of a float reduction or on its libm, the case carries a tolerance in units in the last place.
Regenerate the committed fixture with tools/regenerate-oracle-fixtures (NumPy >= 2, ml_dtypes).
"""
import base64
import itertools
import json
import os
import sys
import warnings

import ml_dtypes
import numpy as np

assert int(np.__version__.split('.')[0]) >= 2, f"NumPy 2 or newer is the oracle, found {np.__version__}"
warnings.simplefilter('ignore')
np.seterr(all='ignore')

BF16 = np.dtype(ml_dtypes.bfloat16)
REAL = ['bool', 'int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'uint64', 'float16', 'float32',
        'float64']
ALL = REAL + ['complex64', 'complex128']
RNG = np.random.default_rng(2026)
CASES = []


def dtype_name(dtype):
    return 'bfloat16' if dtype == BF16 else np.dtype(dtype).name


def encode(array):
    array = np.array(array, order='C')
    return {'dtype': dtype_name(array.dtype), 'shape': list(array.shape),
            'data': base64.b64encode(array.astype(array.dtype.newbyteorder('<')).tobytes()).decode()}


def operand(value):
    if isinstance(value, np.generic):
        value = np.asarray(value)
    if isinstance(value, np.ndarray):
        return {'array': encode(value)}
    if isinstance(value, bool):
        return {'bool': value}
    if isinstance(value, int):
        return {'int': value}
    if isinstance(value, float):
        return {'float': repr(value)}
    return {'text': value}


def case(op, args, compute, tolerance=None, **extra):
    entry = {'op': op, 'args': [operand(a) for a in args], 'tolerance': tolerance}
    entry.update(extra)
    try:
        result = compute()
    except Exception as error:  # NumPy refused: jpmm must refuse too
        entry['error'] = type(error).__name__
    else:
        if isinstance(result, np.dtype):
            entry['dtype'] = dtype_name(result)
        else:
            result = np.asarray(result)
            entry['expect'] = encode(result)
    CASES.append(entry)


def sample(dtype, shape, low=-6, high=7):
    dtype = np.dtype(dtype)
    if dtype == np.bool_:
        return RNG.integers(0, 2, size=shape).astype(bool)
    if dtype.kind == 'u':
        return RNG.integers(0, high, size=shape).astype(dtype)
    if dtype.kind == 'i':
        return RNG.integers(low, high, size=shape).astype(dtype)
    values = RNG.integers(low * 4, high * 4, size=shape) / 4.0
    return values.astype(dtype)


def indexing():
    base = np.arange(7, dtype=np.int64)
    bounds = [None, 0, 2, -3, 10, -10]
    for start, stop, step in itertools.product(bounds, bounds, [None, 1, 2, -1, -2, 3, -3]):
        text = ('' if start is None else str(start)) + ':' + ('' if stop is None else str(stop)) + (
            '' if step is None else ':' + str(step))
        case('index', [base, text], lambda: base[slice(start, stop, step)])
    cube = np.arange(24, dtype=np.int16).reshape(2, 3, 4)
    for text in ['0', '-1', '1, 2', ':, 0', '..., 0', '0, ...', ':, ::-1', '::-1, :, 1:3', 'None', '0, None, :',
                 '..., None', ':, None, ::2', '1, -1, -1', '-3', '0, 0, 0, 0', '..., ...', '::0', '2', '1:, 1:, 1:']:
        index = eval('np.s_[' + text + ']', {'np': np})
        case('index', [cube, text], lambda: cube[index])


def views():
    a = np.arange(24, dtype=np.float32).reshape(2, 3, 4)
    for shape in [(-1,), (4, -1), (2, -1, 2), (-1, 1, 6), (24, 1), (5, -1), (-1, -1)]:
        case('reshape', [a, ','.join(map(str, shape))], lambda: a.reshape(shape))
    t = a.transpose(2, 0, 1)
    case('reshape', [t, '-1'], lambda: t.reshape(-1))
    case('reshape', [t, '4,6'], lambda: t.reshape(4, 6))
    case('transpose', [a], lambda: a.T)
    case('swapaxes', [a, '0,2'], lambda: np.swapaxes(a, 0, 2))
    case('ravel', [t], lambda: np.ravel(t))
    b = np.arange(6, dtype=np.int32).reshape(1, 3, 1, 2)
    case('squeeze', [b, ''], lambda: np.squeeze(b))
    case('squeeze', [b, '2'], lambda: np.squeeze(b, 2))
    case('squeeze', [b, '1'], lambda: np.squeeze(b, 1))
    for axis in [0, 2, -1, 5]:
        case('expand_dims', [b, str(axis)], lambda: np.expand_dims(b, axis))
    c = np.arange(3, dtype=np.uint8)
    for shape in [(2, 3), (4, 1, 3), (3, 3), (2, 2)]:
        case('broadcast_to', [c, ','.join(map(str, shape))], lambda: np.broadcast_to(c, shape))
    m = np.arange(12, dtype=np.int64).reshape(3, 4)
    case('diagonal', [m], lambda: np.diagonal(m))
    case('diagonal', [m[::-1, ::2]], lambda: np.diagonal(m[::-1, ::2]))


def promotion():
    names = ALL + ['bfloat16']
    for a, b in itertools.product(names, names):
        da = BF16 if a == 'bfloat16' else np.dtype(a)
        db = BF16 if b == 'bfloat16' else np.dtype(b)
        if 'bfloat16' in (a, b):
            try:
                np.result_type(da, db)
            except Exception:
                continue  # ml_dtypes defines no common type; jpmm's choice is documented and tested by hand
        case('result_type', [a, b], lambda: np.result_type(da, db))


BINARY = ['add', 'subtract', 'multiply', 'divide', 'floor_divide', 'remainder', 'power', 'maximum', 'minimum',
          'equal', 'not_equal', 'less', 'less_equal', 'greater', 'greater_equal', 'logical_and', 'logical_or',
          'logical_xor']


def binary():
    shapes = [((3, 1), (1, 4)), ((5,), (5,)), ((2, 3), (3,)), ((4,), ())]
    for (a, b), op in itertools.product(itertools.product(REAL, REAL), BINARY):
        left_shape, right_shape = shapes[(REAL.index(a) + REAL.index(b) + BINARY.index(op)) % len(shapes)]
        x = sample(a, left_shape)
        y = sample(b, right_shape, low=0 if op == 'power' else -6, high=4 if op == 'power' else 7)
        tolerance = 2 if op == 'power' and np.result_type(x, y).kind == 'f' else None
        case(op, [x, y], lambda: getattr(np, op)(x, y), tolerance)
    # bfloat16 with itself, float32 and the small integers, whose promotion ml_dtypes defines.
    for other, op in itertools.product(['bfloat16', 'float32', 'int8', 'bool'], ['add', 'subtract', 'multiply',
                                                                                  'divide', 'maximum', 'less']):
        x = (RNG.standard_normal(12) * 100).astype(BF16)
        y = (RNG.standard_normal(12) * 100).astype(BF16) if other == 'bfloat16' else sample(other, (12,))
        case(op, [x, y], lambda: getattr(np, op)(x, y))


def scalars():
    for name, value, op in itertools.product(REAL + ['bfloat16'], [5, 300, -1, 1.5, 1e10, True, -2.75],
                                             ['add', 'multiply', 'less']):
        dtype = BF16 if name == 'bfloat16' else np.dtype(name)
        if name == 'bfloat16' and isinstance(value, float):
            continue  # ml_dtypes makes float32 of bfloat16 and a Python float; jpmm keeps bfloat16 (NEP 50)
        x = sample(dtype, (4,)) if name != 'bfloat16' else np.array([1.5, -2, 3.25, 100], dtype=BF16)
        case(op, [x, value], lambda: getattr(np, op)(x, value))
        case(op, [value, x], lambda: getattr(np, op)(value, x))


def overflow_and_rounding():
    cases = [(np.array([127, -128, 100], np.int8), np.array([1, -1, 100], np.int8)),
             (np.array([0, 255, 7], np.uint8), np.array([1, 1, 250], np.uint8)),
             (np.array([2**63 - 1, -2**63], np.int64), np.array([1, -1], np.int64)),
             (np.array([2**64 - 1, 0], np.uint64), np.array([1, 1], np.uint64)),
             (np.array([65504, 1, 0.1], np.float16), np.array([16, 2**-11, 0.2], np.float16)),
             (np.array([1, 256, 3.0078125], BF16), np.array([2**-9, 1, 1], BF16))]
    powers = (np.array([2, 3, -2], np.int32), np.array([-1, 2, 3], np.int32))
    case('power', list(powers), lambda: np.power(*powers))
    for x, y in cases:
        for op in ['add', 'subtract', 'multiply', 'floor_divide', 'remainder']:
            if x.dtype == BF16 and op in ('floor_divide', 'remainder'):
                continue
            case(op, [x, y], lambda: getattr(np, op)(x, y))
    ties = np.array([1 + 2**-11, 1 + 3 * 2**-11, 2049, 65519, 65520, 1e-8, 6e-8], np.float64)
    case('astype', [ties, 'float16'], lambda: ties.astype(np.float16))
    case('astype', [ties.astype(np.float32), 'float16'], lambda: ties.astype(np.float32).astype(np.float16))
    case('astype', [ties, 'bfloat16'], lambda: ties.astype(BF16))


UNARY = ['negative', 'absolute', 'sqrt', 'exp', 'log', 'sin', 'cos', 'logical_not']


def unary():
    for name, op in itertools.product(REAL + ['bfloat16'], UNARY):
        dtype = BF16 if name == 'bfloat16' else np.dtype(name)
        x = sample(np.float64 if name == 'bfloat16' else dtype, (2, 3), low=0 if op in ('sqrt', 'log') else -6)
        x = x.astype(dtype)
        transcendental = op in ('exp', 'log', 'sin', 'cos')
        case(op, [x], lambda: getattr(np, op)(x), 4 if transcendental else None)


def astype():
    special = np.array([0, -0.0, 1.5, -1.5, 300.7, -1e10, 1e10, 3e9, -3e9, 1e19, 1e20, 2.0**63, np.nan, np.inf,
                        -np.inf, 65519.9, 1e-8], np.float64)
    for source in REAL + ['bfloat16', 'complex64', 'complex128']:
        dtype = BF16 if source == 'bfloat16' else np.dtype(source)
        x = special.astype(dtype) if dtype.kind in 'fcV' or dtype == BF16 else sample(dtype, (9,), low=-100, high=100)
        for target in REAL + ['bfloat16', 'complex64', 'complex128']:
            tdtype = BF16 if target == 'bfloat16' else np.dtype(target)
            if dtype.kind == 'c' and tdtype.kind != 'c':
                continue  # NumPy drops the imaginary part with a warning; jpmm refuses
            case('astype', [x, target], lambda: x.astype(tdtype))
    big = np.array([2**63 + 2**11, 2**64 - 1, 2**53 + 1], np.uint64)
    for target in ['float64', 'float32', 'float16', 'bfloat16', 'int8', 'int64']:
        case('astype', [big, target], lambda: big.astype(BF16 if target == 'bfloat16' else target))


REDUCTIONS = ['sum', 'prod', 'mean', 'min', 'max', 'argmin', 'argmax', 'std', 'var', 'any', 'all', 'cumsum']


def reductions():
    for name in REAL + ['bfloat16']:
        dtype = BF16 if name == 'bfloat16' else np.dtype(name)
        x = sample(np.float64 if name == 'bfloat16' else dtype, (3, 4, 5), low=-3, high=4).astype(dtype)
        for op, axis in itertools.product(REDUCTIONS, [None, 0, 1, 2, -1]):
            if name == 'bfloat16' and op in ('std', 'var', 'mean'):
                continue  # ml_dtypes lacks the loops NumPy's _var needs
            float_sum = op in ('sum', 'mean', 'std', 'var', 'cumsum', 'prod') and dtype.kind in 'fV'
            tolerance = 4 if float_sum or op in ('mean', 'std', 'var') else None
            call = (lambda: getattr(np, op)(x)) if axis is None else (lambda: getattr(np, op)(x, axis=axis))
            case(op, [x, '' if axis is None else str(axis)], call, tolerance)
    nan = np.array([[1.0, np.nan, 3.0], [4.0, 5.0, -np.inf]])
    for op in ['min', 'max', 'argmin', 'argmax', 'sum']:
        case(op, [nan, ''], lambda: getattr(np, op)(nan))
        case(op, [nan, '1'], lambda: getattr(np, op)(nan, axis=1))
    long_run = (RNG.standard_normal(20_003) * 1e6).astype(np.float64)
    # Long float64 sums: jpmm sums blocks of 2048 and adds the block sums pairwise; NumPy splits
    # pairwise down to 128. Both err like log(n); the results differ in the last digits, as sums
    # in another order do (here about 100 units in the last place of a sum of cancelling terms).
    case('sum', [long_run, ''], lambda: np.sum(long_run), 256)
    case('sum', [long_run.astype(np.float32), ''], lambda: np.sum(long_run.astype(np.float32)), 0)
    case('sum', [long_run[::3], ''], lambda: np.sum(long_run[::3]), 256)
    empty = np.zeros((0, 3), np.float32)
    for op in ['sum', 'prod', 'max', 'argmax', 'any', 'all']:
        case(op, [empty, ''], lambda: getattr(np, op)(empty))
        case(op, [empty, '0'], lambda: getattr(np, op)(empty, axis=0))
    big = np.array([2**62, 2**62, 2**62], np.int64)
    case('sum', [big, ''], lambda: np.sum(big))
    case('sum', [np.array([200, 100], np.uint8), ''], lambda: np.sum(np.array([200, 100], np.uint8)))


def others():
    for name in ['int8', 'uint16', 'float32', 'float64', 'float16']:
        x = sample(name, (3, 4), low=-8, high=9)
        case('clip', [x, -2, 5], lambda: np.clip(x, -2, 5))
        case('clip', [x, x[0], 3.5], lambda: np.clip(x, x[0], 3.5))
        cond = sample('bool', (3, 1))
        case('where', [cond, x, 0], lambda: np.where(cond, x, 0))
        case('where', [cond, x, x.T[:1].T], lambda: np.where(cond, x, x.T[:1].T))
    for name in ['float64', 'float32', 'int64', 'int32', 'float16']:
        a = sample(name, (4, 3))
        b = sample(name, (3, 5))
        v = sample(name, (3,))
        tolerance = 4 if np.dtype(name).kind == 'f' else None
        case('matmul', [a, b], lambda: np.matmul(a, b), tolerance)
        case('matmul', [a, v], lambda: np.matmul(a, v), tolerance)
        case('matmul', [v, b], lambda: np.matmul(v, b), tolerance)
        case('matmul', [v, v], lambda: np.matmul(v, v), tolerance)
        case('matmul', [a, a], lambda: np.matmul(a, a), tolerance)
    # In place (out=): NumPy's same_kind rule.
    for target, other in itertools.product(['int8', 'int64', 'uint8', 'float32', 'float64'],
                                           ['int8', 'int64', 'float64', 'bool']):
        for op in ['add', 'multiply', 'divide']:
            x = sample(target, (2, 3), low=0, high=5)
            y = sample(other, (3,), low=1, high=4)

            def run():
                out = x.copy()
                getattr(np, op)(out, y, out=out)
                return out
            case(op + '_inplace', [x, y], run)


def assignment():
    a = np.arange(12, dtype=np.int32).reshape(3, 4)
    for index, value in [(':, 0', np.array([7, 8, 9], np.int64)), ('0', np.array([1.9, -2.9, 3.5, 1e10])),
                         ('::-1, ::2', np.array([[1], [2], [3]], np.uint8)), ('...', 5), ('1:, 1:', -1.5),
                         (':, 1', np.array([1, 2], np.int32)), ('0, 0', 2**40), ('1', True)]:
        def run():
            target = a.copy()
            target[eval('np.s_[' + index + ']', {'np': np})] = value
            return target
        case('assign', [a, index, value], run)
    f = np.zeros((2, 3), np.float16)

    def run_half():
        target = f.copy()
        target[:, :] = np.array([0.1, 65519.9, 1e-8])
        return target
    case('assign', [f, ':, :', np.array([0.1, 65519.9, 1e-8])], run_half)


def stacked_matmul():
    """matmul of stacks of matrices: the last two axes multiply, the leading ones broadcast."""
    for name in ['float64', 'int32', 'float16']:
        tolerance = 4 if np.dtype(name).kind == 'f' else None
        shapes = [((2, 4, 3), (2, 3, 5)), ((2, 1, 4, 3), (3, 3, 5)), ((2, 4, 3), (3,)), ((3,), (2, 3, 5)),
                  ((4, 3), (2, 3, 5)), ((1, 2, 3), (4, 1, 3, 2)), ((2, 0, 3), (2, 3, 4)), ((2, 4, 3), (3, 3, 5)),
                  ((2, 4, 3), (2, 4, 5))]
        for left, right in shapes:
            a = sample(name, left)
            b = sample(name, right)
            case('matmul', [a, b], lambda: np.matmul(a, b), tolerance)


def main(out):
    for generate in [indexing, views, promotion, binary, scalars, overflow_and_rounding, unary, astype, reductions,
                     others, assignment, stacked_matmul]:
        generate()
    with open(os.path.join(out, 'cases.json'), 'w') as file:
        json.dump({'numpy': np.__version__, 'ml_dtypes': ml_dtypes.__version__, 'cases': CASES}, file)
        file.write('\n')
    print(len(CASES), 'cases', file=sys.stderr)


if __name__ == '__main__':
    main(sys.argv[1])
