// Reads Zarr v3 arrays with zarrita and prints them as JSON: {path: {dtype, shape, values}}, values
// in C order (64-bit integers as strings, bools as 0/1, NaN and infinities as "NaN", "Infinity", "-Infinity").
//
//     node read_zarr.mjs STORE PATH...
//
// STORE is a directory or an http(s) URL (an S3 bucket and prefix, read anonymously).
import * as zarr from "zarrita";
import { FetchStore, FileSystemStore } from "@zarrita/storage";

const [location, ...paths] = process.argv.slice(2);
const store = /^https?:/.test(location) ? new FetchStore(location) : new FileSystemStore(location);
const root = zarr.root(store);
const result = {};
for (const path of paths) {
	const array = await zarr.open.v3(root.resolve(path), { kind: "array" });
	const chunk = await zarr.get(array);
	// A 0-d array reads as its one value.
	const { data, shape } = chunk !== null && typeof chunk === "object" && "data" in chunk ? chunk : { data: [chunk], shape: [] };
	const values = [];
	for (let i = 0; i < data.length; i++) {
		const v = typeof data.get === "function" ? data.get(i) : data[i];
		values.push(typeof v === "bigint" ? v.toString() : typeof v === "boolean" ? (v ? 1 : 0)
			: typeof v === "number" && !Number.isFinite(v) ? String(v) : v);
	}
	result[path] = { dtype: array.dtype, shape, values };
}
console.log(JSON.stringify(result));
