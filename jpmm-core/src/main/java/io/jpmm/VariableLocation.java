package io.jpmm;

import java.nio.file.Path;

/**
 * Where a variable's bytes lie in the shelf file, so other programs can read them in place, for
 * example {@code numpy.memmap(file, dtype, 'r', offset, shape)}. Valid until the variable is
 * replaced, renamed or erased; elements are little-endian in C order.
 *
 * @param file     the shelf's data file
 * @param offset   the byte offset of the first element
 * @param byteSize the number of bytes
 */
public record VariableLocation(Path file, long offset, long byteSize) {
}
