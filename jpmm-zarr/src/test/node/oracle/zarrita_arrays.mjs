// Writes the Zarr v3 arrays jpmm-zarr's tests read, with zarrita (an independent implementation),
// and expected.json: each array's dtype, shape and values in C order.
//
//     node zarrita_arrays.mjs OUT_DIRECTORY   (beside node_modules with package.json's packages)
//
// (package.json beside this directory pins zarrita; tools/regenerate-oracle-fixtures installs it and runs this
// into src/test/resources/oracle/zarrita_arrays). Element i of every array is a pattern of i that the
// dtype holds exactly.
import * as zarr from "zarrita";
import { FileSystemStore } from "@zarrita/storage";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const out = process.argv[2];
mkdirSync(out, { recursive: true });
const store = new FileSystemStore(join(out, "data.zarr"));
const root = await zarr.create(store, { attributes: { made_by: "zarrita" } });

const TYPES = {
	int8: Int8Array, int16: Int16Array, int32: Int32Array, int64: BigInt64Array,
	uint8: Uint8Array, uint16: Uint16Array, uint32: Uint32Array, uint64: BigUint64Array,
	float32: Float32Array, float64: Float64Array, bool: Uint8Array,
};
function pattern(dtype, i) {
	if (dtype === "bool") return i % 3 === 0 ? 1 : 0;
	if (dtype.startsWith("float")) return (i % 17) * 0.5 - 3;
	if (dtype === "int64") return BigInt(i * 1000003 - 500);
	if (dtype === "uint64") return BigInt(i) * 1000000007n;
	if (dtype.startsWith("uint")) return (i * 7) % (dtype === "uint8" ? 256 : 60000);
	return ((i * 7) % 200) - 100;
}

const expected = {};
async function write(name, dtype, shape, chunk_shape, codecs, fill_value = 0) {
	const array = await zarr.create(root.resolve(name), { shape, chunkShape: chunk_shape, dtype, codecs, fillValue: fill_value });
	const size = shape.reduce((a, b) => a * b, 1);
	const data = new TYPES[dtype](size);
	for (let i = 0; i < size; i++) data[i] = pattern(dtype, i);
	const stride = [];
	let s = 1;
	for (let axis = shape.length - 1; axis >= 0; axis--) { stride[axis] = s; s *= shape[axis]; }
	await zarr.set(array, null, { data, shape, stride });
	expected[name] = { dtype, shape, values: Array.from(data, (v) => (typeof v === "bigint" ? v.toString() : v)) };
}

const le = { name: "bytes", configuration: { endian: "little" } };
const be = { name: "bytes", configuration: { endian: "big" } };
for (const dtype of Object.keys(TYPES)) {
	const bytes = dtype === "bool" || dtype.endsWith("int8") ? [{ name: "bytes" }] : [le];
	await write(`raw.${dtype}`, dtype, [7, 5], [3, 2], bytes);
}
await write("big_endian.float64", "float64", [6, 4], [4, 3], [be]);
await write("big_endian.int32", "int32", [9], [4], [be]);
await write("big_endian.uint16", "uint16", [3, 3], [2, 2], [be]);
// zarrita does not encode gzip; the gzip arrays come from zarrita.js's own fixtures.
await write("zstd.float32", "float32", [5, 6], [2, 4], [le, { name: "zstd", configuration: { level: 3, checksum: false } }]);
await write("f_order.int16", "int16", [3, 4, 5], [2, 3, 5], [{ name: "transpose", configuration: { order: [2, 1, 0] } }, le]);
await write("transposed.big_endian.zstd.float32", "float32", [4, 6], [3, 4],
	[{ name: "transpose", configuration: { order: [1, 0] } }, be, { name: "zstd", configuration: { level: 1, checksum: true } }]);
// zarrita does not encode crc32c: it is read in the shard indexes of zarrita.js's own fixtures.
// zarrita does not write sharded arrays: sharding is read from zarrita.js's own fixtures, and
// what jpmm shards is read back by zarrita.
// Only the first chunk is written: the others read as the fill value.
const partial = await zarr.create(root.resolve("partial.int32"), { shape: [6], chunkShape: [2], dtype: "int32", codecs: [le], fillValue: -7 });
await zarr.set(partial, [zarr.slice(0, 2)], { data: new Int32Array([5, 6]), shape: [2], stride: [1] });
expected["partial.int32"] = { dtype: "int32", shape: [6], values: [5, 6, -7, -7, -7, -7] };

writeFileSync(join(out, "expected.json"), JSON.stringify(expected, null, 1));
