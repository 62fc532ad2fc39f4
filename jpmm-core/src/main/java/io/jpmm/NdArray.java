package io.jpmm;

import io.jpmm.internal.array.ArrayLayout;
import io.jpmm.internal.array.ArrayTransfer;
import io.jpmm.internal.array.ElementCodec;
import io.jpmm.internal.array.ScalarRange;
import io.jpmm.internal.compute.ArrayOps;
import io.jpmm.internal.print.NumpyFormat;

import io.jpmm.internal.store.MappedVariable;
import io.jpmm.internal.store.ShelfStore;
import java.io.EOFException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * An n-dimensional array of one {@link DType}, in C order, in DRAM or on a shelf: the same class
 * either way. A shelved array is a view of the variable's mapped bytes, so reads and writes go
 * straight to the shelf with no copy; it stays usable until its shelf closes or the variable is
 * replaced, renamed or erased, after which every use throws {@link IllegalStateException}.
 *
 * {@snippet :
 * NdArray grid = NdArray.allocate(DType.FLOAT32, 3, 4);   // zero-filled, in DRAM
 * grid.set(2.5, 1, 2);                                     // element [1, 2]
 * grid.at(0).fill(1);                                      // row 0, in place
 * double total = grid.sum();                               // 6.5
 * }
 *
 * <p>Writes in place are not atomic (as with {@code numpy.memmap}): they reach the shelf immediately
 * and are durable after {@link #persist()} or when the shelf closes. Atomic replacement is what
 * {@link Shelf#put} is for. Element indices may be negative, counting from the end as in NumPy.
 * See {@link DType} for how values convert between Java and each dtype. Not thread-safe for
 * concurrent writes to the same elements, like any Java array.
 */
public final class NdArray {
    private final DType dtype;
    private final ArrayLayout layout;
    private final MemorySegment memory;
    private final ArrayHome home;

    private NdArray(DType dtype, ArrayLayout layout, MemorySegment memory, ArrayHome home) {
        this.dtype = dtype;
        this.layout = layout;
        this.memory = memory;
        this.home = home;
    }

    /** A zero-filled array in DRAM (off the Java heap, freed by the garbage collector). */
    public static NdArray allocate(DType dtype, long... shape) {
        Shape checked = Shape.of(shape);
        if (Math.multiplyHigh(checked.size(), dtype.itemSize()) != 0 || checked.size() * dtype.itemSize() < 0) {
            throw new IllegalArgumentException(dtype + " " + checked + " is too large to address");
        }
        return over(dtype, checked, Arena.ofAuto().allocate(checked.size() * dtype.itemSize(), 64));
    }

    /** A DRAM copy of {@code values}, 1-dimensional. */
    public static NdArray of(double... values) {
        return copyOf(values);
    }

    /** A DRAM copy of {@code values}, 1-dimensional. */
    public static NdArray of(float... values) {
        return copyOf(values);
    }

    /** A DRAM copy of {@code values}, 1-dimensional. */
    public static NdArray of(long... values) {
        return copyOf(values);
    }

    /** A DRAM copy of {@code values}, 1-dimensional. */
    public static NdArray of(int... values) {
        return copyOf(values);
    }

    /** A DRAM copy of a rectangular 2-D array. */
    public static NdArray of(double[][] rows) {
        return copyOf(rows);
    }

    /** A DRAM copy of a rectangular 2-D array. */
    public static NdArray of(long[][] rows) {
        return copyOf(rows);
    }

    /**
     * A DRAM copy of any 1-D or rectangular 2-D Java primitive array: {@code boolean} → bool,
     * {@code byte} → int8, {@code short} → int16, {@code char} → uint16, {@code int} → int32,
     * {@code long} → int64, {@code float} → float32, {@code double} → float64.
     *
     * @throws IllegalArgumentException for anything else, or a ragged 2-D array
     */
    public static NdArray copyOf(Object javaArray) {
        return JavaArrays.view(requireJavaArray(javaArray)).copy();
    }

    static NdArray over(DType dtype, Shape shape, MemorySegment memory) {
        return new NdArray(dtype, ArrayLayout.contiguous(shape, dtype.itemSize()), memory, ArrayHome.Dram.INSTANCE);
    }

    static NdArray shelved(ShelfStore store, MappedVariable variable) {
        var entry = variable.entry();
        DType dtype = StoredTypes.dtype(entry.dtype());
        return new NdArray(dtype, ArrayLayout.contiguous(Shape.of(entry.dims()), dtype.itemSize()),
                variable.segment(), new ArrayHome.Shelved(store, variable));
    }

    /** The element type. */
    public DType dtype() {
        return dtype;
    }

    /** The dimensions, outermost first. */
    public long[] shape() {
        return layout.dims();
    }

    /** The byte distance between neighbours along each axis. */
    public long[] strides() {
        return layout.strides();
    }

    /** The number of dimensions. */
    public int rank() {
        return layout.rank();
    }

    /** The length of dimension {@code axis}. */
    public long dim(int axis) {
        return layout.dim(axis);
    }

    /** The number of elements. */
    public long size() {
        return layout.size();
    }

    /** The bytes the elements occupy. */
    public long byteSize() {
        return layout.byteSize();
    }

    /** Whether the elements lie next to each other in C order. */
    public boolean isContiguous() {
        return layout.isContiguous();
    }

    /** Whether this array lives on a shelf. */
    public boolean isShelved() {
        return home.isShelved();
    }

    /** Whether writes are refused (an array of a read-only shelf). */
    public boolean isReadOnly() {
        return memory.isReadOnly();
    }

    /** The element at {@code index} as a double (see {@link DType} for conversions); not for complex types. */
    public double getDouble(long... index) {
        requireReal("getDouble");
        long offset = layout.offsetOf(index);
        return read(memory -> ElementCodec.of(dtype).getDouble(memory, offset));
    }

    /** The element at {@code index} as a long: integers exactly, floats truncated toward zero; not for complex types. */
    public long getLong(long... index) {
        requireReal("getLong");
        long offset = layout.offsetOf(index);
        return read(memory -> ElementCodec.of(dtype).getLong(memory, offset));
    }

    /** Whether the element at {@code index} is non-zero. */
    public boolean getBoolean(long... index) {
        return getDouble(index) != 0;
    }

    /** The real part of a complex element (or the value of a real one). */
    public double getReal(long... index) {
        long offset = layout.offsetOf(index);
        return read(memory -> ElementCodec.of(dtype).getDouble(memory, offset));
    }

    /** The imaginary part of a complex element; 0 for real types. */
    public double getImaginary(long... index) {
        long offset = layout.offsetOf(index);
        return dtype.isComplex() ? read(memory -> ArrayOps.imaginary(dtype, memory, offset)) : 0;
    }

    /**
     * Writes {@code value} at {@code index}, in place, converted to the dtype (see {@link DType}).
     *
     * @throws IllegalArgumentException if the dtype cannot hold it: NaN, infinity or an out-of-range
     *                                  value for an integer dtype, as NumPy refuses a Python scalar
     */
    public void set(double value, long... index) {
        ScalarRange.requireFits(dtype, value);
        long offset = layout.offsetOf(index);
        write(memory -> ElementCodec.of(dtype).setDouble(memory, offset, value));
    }

    /**
     * Writes {@code value} at {@code index}, in place.
     *
     * @throws IllegalArgumentException if it is out of the dtype's range (300 for int8, -1 for uint8)
     */
    public void set(long value, long... index) {
        ScalarRange.requireFits(dtype, value);
        long offset = layout.offsetOf(index);
        write(memory -> ElementCodec.of(dtype).setLong(memory, offset, value));
    }

    /** Writes 1 or 0 at {@code index}, in place. */
    public void set(boolean value, long... index) {
        set(value ? 1L : 0L, index);
    }

    /** Sets a complex element; {@code imaginary} must be 0 for real types. */
    public void setComplex(double real, double imaginary, long... index) {
        if (!dtype.isComplex() && imaginary != 0) {
            throw new IllegalArgumentException("a " + dtype + " element cannot hold an imaginary part");
        }
        long offset = layout.offsetOf(index);
        write(target -> {
            ElementCodec.of(dtype).setDouble(target, offset, real);
            if (dtype.isComplex()) {
                ArrayOps.setImaginary(dtype, target, offset, imaginary);
            }
        });
    }

    /** The view of elements {@code from} (inclusive) to {@code to} (exclusive) along {@code axis}. */
    public NdArray slice(int axis, long from, long to) {
        return slice(axis, from, to, 1);
    }

    /** The view of every {@code step}-th element from {@code from} up to {@code to} along {@code axis}. */
    public NdArray slice(int axis, long from, long to, long step) {
        return view(layout.slice(axis, from, to, step));
    }

    /** The view of the sub-array at {@code index} of the first axis (a row of a matrix). */
    public NdArray at(long index) {
        return view(layout.at(index));
    }

    /** The same elements in another shape; a view, so the array must be contiguous. */
    public NdArray reshape(long... shape) {
        return view(layout.reshape(Shape.of(shape)));
    }

    /** The view with the axes in reverse order: NumPy's {@code a.T}. */
    public NdArray transpose() {
        int[] reversed = new int[rank()];
        for (int axis = 0; axis < reversed.length; axis++) {
            reversed[axis] = reversed.length - 1 - axis;
        }
        return permute(reversed);
    }

    /**
     * The view whose axis {@code i} is this array's axis {@code axes[i]}: NumPy's
     * {@code a.transpose(axes)}. Negative axes count from the end.
     *
     * @throws IllegalArgumentException if {@code axes} is not a permutation of this array's axes
     */
    public NdArray permute(int... axes) {
        return view(layout.permute(axes));
    }

    /** The view of the main diagonal of a 2-D array. */
    public NdArray diagonal() {
        return view(layout.diagonal());
    }

    private NdArray view(ArrayLayout viewLayout) {
        home.checkValid(memory);
        return new NdArray(dtype, viewLayout, memory, home);
    }

    /**
     * Sets every element to {@code value} (converted as {@link #set(double, long...)} does).
     *
     * @throws IllegalArgumentException if the dtype cannot hold it
     */
    public NdArray fill(double value) {
        ScalarRange.requireFits(dtype, value);
        return fillWith(element -> ElementCodec.of(dtype).setDouble(element, 0, value));
    }

    /**
     * Sets every element to {@code value}.
     *
     * @throws IllegalArgumentException if it is out of the dtype's range
     */
    public NdArray fill(long value) {
        ScalarRange.requireFits(dtype, value);
        return fillWith(element -> ElementCodec.of(dtype).setLong(element, 0, value));
    }

    /** Sets every element to 1 or 0. */
    public NdArray fill(boolean value) {
        return fill(value ? 1L : 0L);
    }

    private NdArray fillWith(Consumer<MemorySegment> encoder) {
        MemorySegment element = MemorySegment.ofArray(new byte[dtype.itemSize()]);
        encoder.accept(element);
        write(memory -> ArrayOps.fill(memory, layout, element));
        return this;
    }

    /**
     * Copies {@code source}, of the same shape, into this array, converting each element to this
     * dtype. Overlapping source and target are handled.
     *
     * @throws IllegalArgumentException if the shapes differ
     */
    public NdArray copyFrom(NdArray source) {
        if (!Arrays.equals(source.layout.dims(), layout.dims())) {
            throw new IllegalArgumentException("cannot copy an array of shape " + source.layout.shape()
                    + " into one of shape " + layout.shape());
        }
        NdArray from = overlaps(source) ? source.copy() : source;
        from.read(sourceMemory -> {
            write(memory -> ArrayOps.copy(from.dtype, sourceMemory, from.layout, dtype, memory, layout));
            return null;
        });
        return this;
    }

    /**
     * Copies a Java primitive array into this one, converting values: a 1-D Java array of exactly
     * {@link #size()} elements fills this array in C order; a 2-D one must match a 2-D shape. An
     * {@code NdArray} passed as an {@code Object} is copied as {@link #copyFrom(NdArray)} does.
     */
    public NdArray copyFrom(Object javaArray) {
        if (javaArray instanceof NdArray array) {
            return copyFrom(array);
        }
        NdArray source = JavaArrays.view(requireJavaArray(javaArray));
        if (source.size() != size()) {
            throw new IllegalArgumentException("a Java array of " + source.size() + " elements " + source.layout.shape()
                    + " does not fill an array of " + size() + " elements " + layout.shape());
        }
        return copyFrom(source.rank() == 1 && rank() != 1 ? source.reshape(shape()) : source);
    }

    private boolean overlaps(NdArray other) {
        if (memory.isNative() != other.memory.isNative() || !memory.isNative()
                && memory.heapBase().orElse(null) != other.memory.heapBase().orElse(null)) {
            return false;
        }
        long[] mine = layout.byteSpan();
        long[] theirs = other.layout.byteSpan();
        long start = memory.address() + mine[0];
        long otherStart = other.memory.address() + theirs[0];
        return start < otherStart + (theirs[1] - theirs[0]) && otherStart < start + (mine[1] - mine[0]);
    }

    /** The elements in C order as doubles (complex: real and imaginary interleaved). */
    public double[] toDoubleArray() {
        return toJava(dtype.isComplex() ? DType.COMPLEX128 : DType.FLOAT64, double[]::new, MemorySegment::ofArray);
    }

    /** The elements in C order as floats (complex: real and imaginary interleaved). */
    public float[] toFloatArray() {
        return toJava(dtype.isComplex() ? DType.COMPLEX64 : DType.FLOAT32, float[]::new, MemorySegment::ofArray);
    }

    /** The elements in C order as longs (converted like {@link #getLong}). */
    public long[] toLongArray() {
        return toJava(DType.INT64, long[]::new, MemorySegment::ofArray);
    }

    /** The elements in C order as ints (integers keep their low 32 bits). */
    public int[] toIntArray() {
        return toJava(DType.INT32, int[]::new, MemorySegment::ofArray);
    }

    /** The elements in C order as shorts (integers keep their low 16 bits). */
    public short[] toShortArray() {
        return toJava(DType.INT16, short[]::new, MemorySegment::ofArray);
    }

    /** The elements in C order as bytes (integers keep their low 8 bits). */
    public byte[] toByteArray() {
        return toJava(DType.INT8, byte[]::new, MemorySegment::ofArray);
    }

    /** The elements in C order as booleans: whether each is non-zero. */
    public boolean[] toBooleanArray() {
        byte[] bits = toJava(DType.BOOL, byte[]::new, MemorySegment::ofArray);
        boolean[] values = new boolean[bits.length];
        for (int i = 0; i < bits.length; i++) {
            values[i] = bits[i] != 0;
        }
        return values;
    }

    /** A new Java array of the elements converted to {@code targetType} (two slots per complex element). */
    private <T> T toJava(DType targetType, IntFunction<T> allocate, Function<T, MemorySegment> view) {
        T values = allocate.apply(javaLength(targetType.isComplex() ? 2 : 1));
        read(memory -> {
            ArrayOps.copy(dtype, memory, layout, targetType, view.apply(values),
                    ArrayLayout.contiguous(layout.shape(), targetType.itemSize()));
            return null;
        });
        return values;
    }

    private int javaLength(int perElement) {
        long length = size() * perElement;
        if (length > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("an array of " + size() + " elements does not fit a Java array;"
                    + " use segment(), slices or writeTo instead");
        }
        return (int) length;
    }

    /**
     * Fills this array from {@code channel}, straight into its memory (for a shelved array, into the
     * mapped shelf): {@link #byteSize()} bytes, little-endian elements in the view's C order. A
     * strided view (a transpose, a slice with a step) reads through a small buffer.
     *
     * @throws EOFException if the channel ends first; the elements read so far stay written
     */
    public void readFrom(ReadableByteChannel channel) throws IOException {
        MemorySegment target = writableMemory();
        try {
            ArrayTransfer.read(channel, target, layout, dtype.itemSize());
        } catch (IllegalStateException released) {
            throw explained(released);
        }
    }

    /** Writes the elements to {@code channel} straight from memory, little-endian in the view's C order. */
    public void writeTo(WritableByteChannel channel) throws IOException {
        MemorySegment source = memory();
        try {
            ArrayTransfer.write(channel, source, layout, dtype.itemSize());
        } catch (IllegalStateException released) {
            throw explained(released);
        }
    }

    /** The sum of the elements as a double (integers add exactly in a {@code long}). 0 when empty. */
    public double sum() {
        return read(memory -> ArrayOps.sum(dtype, memory, layout));
    }

    /** The arithmetic mean; NaN for an empty array. */
    public double mean() {
        return sum() / size();
    }

    /** The smallest element; NaN if any element is NaN. */
    public double min() {
        return read(memory -> ArrayOps.extreme(dtype, memory, layout, 1, "min"));
    }

    /** The largest element; NaN if any element is NaN. */
    public double max() {
        return read(memory -> ArrayOps.extreme(dtype, memory, layout, -1, "max"));
    }

    /** A contiguous DRAM copy: volatile, independent of any shelf. */
    public NdArray copy() {
        NdArray copy = allocate(dtype, shape());
        return read(memory -> {
            ArrayOps.copy(dtype, memory, layout, dtype, copy.memory, copy.layout);
            return copy;
        });
    }

    /**
     * The elements' memory, without copying: for a shelved array, the mapped shelf file. Hand it to
     * any library that takes a {@link MemorySegment}. Valid as long as this array is.
     *
     * @throws IllegalStateException if the array is a non-contiguous view
     */
    public MemorySegment segment() {
        if (!isContiguous()) {
            throw new IllegalStateException("a non-contiguous view " + layout.shape() + " has no single segment; copy() it");
        }
        return memory().asSlice(layout.offset(), byteSize());
    }

    /** Makes in-place writes to this array's elements durable; does nothing for DRAM arrays. */
    public NdArray persist() {
        long[] span = layout.byteSpan();
        home.persist(memory().asSlice(span[0], span[1] - span[0]));
        return this;
    }

    /** Equal dtype, shape and element bits, whether in DRAM or on a shelf. */
    @Override
    public boolean equals(Object other) {
        return other instanceof NdArray array && array.dtype == dtype
                && Arrays.equals(array.layout.dims(), layout.dims())
                && read(mine -> array.read(theirs -> ArrayOps.sameElements(dtype.itemSize(), mine, layout, theirs, array.layout)));
    }

    @Override
    public int hashCode() {
        return 31 * (31 * dtype.hashCode() + Arrays.hashCode(layout.dims()))
                + read(memory -> ArrayOps.hash(memory, layout, dtype.itemSize()));
    }

    /**
     * NumPy's {@code repr}, with {@code shelved(} instead of {@code array(} for shelved arrays;
     * arrays over 1000 elements show their edges only.
     */
    @Override
    public String toString() {
        return read(memory -> NumpyFormat.repr(home.label(), dtype, memory, layout, NumpyFormat.DEFAULT_THRESHOLD));
    }

    /** Like {@link #toString()}, but every element, however many. */
    public String toFullString() {
        return read(memory -> NumpyFormat.repr(home.label(), dtype, memory, layout, Long.MAX_VALUE));
    }

    /** Where this array's memory lives, for a transaction that tracks it. */
    ArrayHome home() {
        return home;
    }

    /** The bytes this view covers, relative to its home's memory: {start, end}. */
    long[] byteSpan() {
        memory();
        return layout.byteSpan();
    }

    private MemorySegment memory() {
        home.checkValid(memory);
        return memory;
    }

    private MemorySegment writableMemory() {
        MemorySegment checked = memory();
        if (checked.isReadOnly()) {
            throw new ReadOnlyShelfException("this array belongs to a shelf opened read-only; it cannot be written");
        }
        return checked;
    }

    /**
     * Runs {@code access} on the memory. If a shelf releases it meanwhile (another thread replaced
     * the variable, say), the JDK's bare "Already closed" becomes the reason it was released.
     */
    private <T> T read(Function<MemorySegment, T> access) {
        try {
            return access.apply(memory());
        } catch (IllegalStateException released) {
            throw explained(released);
        }
    }

    private void write(Consumer<MemorySegment> access) {
        try {
            access.accept(writableMemory());
        } catch (IllegalStateException released) {
            throw explained(released);
        }
    }

    private IllegalStateException explained(IllegalStateException failure) {
        home.checkValid(memory);
        return failure;
    }

    private void requireReal(String operation) {
        if (dtype.isComplex()) {
            throw new UnsupportedOperationException(operation + " on a " + dtype + " element: use getReal and getImaginary");
        }
    }

    private static Object requireJavaArray(Object javaArray) {
        if (javaArray == null || !JavaArrays.isSupported(javaArray)) {
            throw new IllegalArgumentException("not a 1-D or 2-D primitive array: "
                    + (javaArray == null ? "null" : javaArray.getClass().getTypeName()));
        }
        return javaArray;
    }
}
