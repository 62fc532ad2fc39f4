"""Writes the Arrow files jpmm-arrow's tests import, with pyarrow, and what each column must read as.

    python3 jpmm-arrow/src/test/python/arrow_tables.py OUT_DIRECTORY

(tools/regenerate-oracle-fixtures runs it into src/test/resources/oracle/arrow_tables.)

Needs pyarrow (25.0.1 made the committed files) and pandas (3.0.6). One table of every type jpmm
stores, with nulls in every nullable column and record batches of 5, 6 and 0 rows (so validity bits
do not start on byte boundaries), is written as an IPC file, an IPC stream, Feather v2 with LZ4 (its
default) and an IPC file with ZSTD. A pandas DataFrame with a categorical column is written with
to_feather, and the README example's trips.feather. expected.json lists, per file, each column's jpmm type and its values as jpmm reads them:
numbers, text, bytes in hex, dates and timestamps as their stored integers, null as null.
Files jpmm must refuse (nested and decimal columns) come with the column the refusal names.
"""
import datetime
import decimal
import json
import os
import sys

import pandas as pd
import pyarrow as pa
import pyarrow.feather as feather
import pyarrow.ipc as ipc

out = sys.argv[1]
os.makedirs(out, exist_ok=True)

N = 11
def nulls(values, every):
    return [None if i % every == every - 1 else v for i, v in enumerate(values)]

columns = {
    'flag': (pa.bool_(), nulls([i % 3 == 0 for i in range(N)], 4), 'bool'),
    'i8': (pa.int8(), nulls([(-1) ** i * i * 11 for i in range(N)], 5), 'int8'),
    'i16': (pa.int16(), [i * -3000 for i in range(N)], 'int16'),
    'i32': (pa.int32(), nulls([i * 200_000_000 - 2**31 + 5 for i in range(N)], 3), 'int32'),
    'i64': (pa.int64(), nulls([i * 10**17 - 2**62 for i in range(N)], 6), 'int64'),
    'u8': (pa.uint8(), [i * 23 for i in range(N)], 'uint8'),
    'u16': (pa.uint16(), nulls([i * 6000 for i in range(N)], 7), 'uint16'),
    'u32': (pa.uint32(), [i * 400_000_000 for i in range(N)], 'uint32'),
    'u64': (pa.uint64(), nulls([i * 10**17 for i in range(N)], 2), 'uint64'),
    'f16': (pa.float16(), nulls([None] * 0 + [__import__('numpy').float16(i * 0.25 - 1) for i in range(N)], 4), 'float16'),
    'f32': (pa.float32(), nulls([i * 1.5 - 3 for i in range(N)], 5), 'float32'),
    'f64': (pa.float64(), nulls([i / 7 for i in range(N)], 3), 'float64'),
    'text': (pa.string(), nulls(['', 'a', 'héllo', 'wörld ☕', 'x' * 40] + ['row %d' % i for i in range(5, N)], 4), 'utf8'),
    'big_text': (pa.large_string(), nulls(['large %d' % i for i in range(N)], 5), 'utf8'),
    'blob': (pa.binary(), nulls([bytes(range(i)) for i in range(N)], 3), 'binary'),
    'big_blob': (pa.large_binary(), [bytes([i, 255 - i]) for i in range(N)], 'binary'),
    'uuid': (pa.binary(4), nulls([bytes([i, i + 1, i + 2, i + 3]) for i in range(N)], 6), 'fixed_binary'),
    'day': (pa.date32(), nulls([datetime.date(1969 + i, 1 + i, 1 + i) for i in range(N)], 4), 'date32'),
    'moment': (pa.date64(), [datetime.date(2000, 1, 1 + i) for i in range(N)], 'date64'),
    'at_us_utc': (pa.timestamp('us', tz='UTC'), nulls([datetime.datetime(2026, 11, 27, i, i, i, i * 1000, tzinfo=datetime.timezone.utc) for i in range(N)], 5), 'timestamp[us, UTC]'),
    'at_ns': (pa.timestamp('ns'), [datetime.datetime(1960 + i, 2, 3, 4, 5, 6) for i in range(N)], 'timestamp[ns]'),
    'at_s': (pa.timestamp('s', tz='Europe/Paris'), [datetime.datetime(2000, 1, 1, tzinfo=datetime.timezone.utc) + datetime.timedelta(days=i) for i in range(N)], 'timestamp[s, Europe/Paris]'),
}
arrays = {name: pa.array(values, type=t) for name, (t, values, _) in columns.items()}
arrays['category'] = pa.array(nulls(['red', 'green', 'blue', 'green', 'red', 'blue', 'red', 'green', 'red', 'blue', 'green'], 5)).dictionary_encode()
arrays['small_dict'] = pa.DictionaryArray.from_arrays(pa.array([0, 1, 2, 1, 0, None, 2, 2, 1, 0, 1], type=pa.int8()),
                                                       pa.array([10.5, None, -1.25]))
schema = pa.schema([pa.field(name, array.type, nullable=name not in ('i16', 'u8', 'big_blob', 'moment', 'at_ns', 'at_s'))
                    for name, array in arrays.items()])
table = pa.table(list(arrays.values()), schema=schema)
batches = [table.slice(0, 5).to_batches()[0], table.slice(5, 6).to_batches()[0], table.slice(0, 5).to_batches()[0].slice(0, 0)]


def storage(array):
    t = array.type
    if pa.types.is_dictionary(t):
        return storage(array.dictionary_decode())
    if pa.types.is_date32(t):
        return array.cast(pa.int32())
    if pa.types.is_date64(t) or pa.types.is_timestamp(t):
        return array.cast(pa.int64())
    return array


def expected_values(array):
    values = []
    for v in storage(array).to_pylist():
        if isinstance(v, bytes):
            v = {'hex': v.hex()}
        elif hasattr(v, 'item'):
            v = v.item()
        values.append(v)
    return values


PANDAS_TYPES = {'city': 'utf8', 'population': 'int64', 'area': 'float64'}


def jpmm_type(name):
    if name == 'category':
        return 'utf8'
    if name == 'small_dict':
        return 'float64'
    return columns[name][2] if name in columns else PANDAS_TYPES[name]


def describe(t):
    return {'rows': t.num_rows, 'columns': [
        {'name': name, 'type': jpmm_type(name), 'nullable': t.schema.field(name).nullable,
         'values': expected_values(t.column(name).combine_chunks())} for name in t.column_names]}


with ipc.new_file(os.path.join(out, 'all_types.arrow'), schema) as writer:
    for batch in batches:
        writer.write_batch(batch)
with ipc.new_stream(os.path.join(out, 'all_types.arrows'), schema) as writer:
    for batch in batches:
        writer.write_batch(batch)
feather.write_feather(table, os.path.join(out, 'all_types_lz4.feather'))  # Feather v2 compresses with LZ4 by default
with ipc.new_file(os.path.join(out, 'all_types_zstd.arrow'), schema,
                  options=ipc.IpcWriteOptions(compression='zstd')) as writer:
    for batch in batches:
        writer.write_batch(batch)

frame = pd.DataFrame({'city': pd.Categorical(['Oslo', 'Lima', 'Oslo', None, 'Pune']),
                      'population': [709_000, 10_000_000, 709_000, 0, 3_100_000],
                      'area': [454.0, 2672.3, 454.0, float('nan'), 331.26]})
frame.to_feather(os.path.join(out, 'pandas.feather'))
# The README's example reads this one.
pd.DataFrame({'city': ['Oslo', 'Lima', None], 'fare': [12.5, 7.25, 30.0]}).to_feather(os.path.join(out, 'trips.feather'))
pandas_table = feather.read_table(os.path.join(out, 'pandas.feather'))
expected = {name: describe(table) for name in ('all_types.arrow', 'all_types.arrows', 'all_types_lz4.feather', 'all_types_zstd.arrow')}
pandas_expected = describe(pandas_table)
for column in pandas_expected['columns']:
    # NaN is not JSON: the test reads the string "nan" as Double.NaN.
    column['values'] = ['nan' if isinstance(v, float) and v != v else v for v in column['values']]
expected['pandas.feather'] = pandas_expected

refused = {
    'nested.arrow': ('tags', pa.table({'id': [1, 2], 'tags': [[1, 2], [3]]})),
    'decimal.arrow': ('price', pa.table({'price': pa.array([decimal.Decimal('1.25')], type=pa.decimal128(5, 2))})),
}
for file, (column, t) in refused.items():
    with ipc.new_file(os.path.join(out, file), t.schema) as writer:
        writer.write_table(t)
expected['refused'] = {file: column for file, (column, _) in refused.items()}

with open(os.path.join(out, 'expected.json'), 'w') as f:
    json.dump(expected, f, indent=1, ensure_ascii=False)
