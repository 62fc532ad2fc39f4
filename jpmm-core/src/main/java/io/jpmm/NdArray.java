package io.jpmm;

import io.jpmm.internal.array.ArrayLayout;
import io.jpmm.internal.array.ArrayTransfer;
import io.jpmm.internal.array.ElementCodec;
import io.jpmm.internal.array.ScalarRange;
import io.jpmm.internal.compute.ArrayOps;
import io.jpmm.internal.compute.BinaryOp;
import io.jpmm.internal.compute.Elementwise;
import io.jpmm.internal.compute.Reductions;
import io.jpmm.internal.compute.View;
import io.jpmm.internal.print.NumpyFormat;

import io.jpmm.internal.store.MappedVariable;
import io.jpmm.internal.store.ShelfStore;
import java.io.EOFException;
import java.io.IOException;
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
 * grid.get(":, 0").multiplyInPlace(2);                     // column 0, doubled: grid[:, 0] *= 2
 * double total = grid.sum().getDouble();                   // 9.5
 * NdArray scaled = grid.multiply(0.5);                     // a new DRAM array
 * }
 *
 * <p>Writes in place are not atomic (as with {@code numpy.memmap}): they reach the shelf immediately
 * and are durable after {@link #persist()} or when the shelf closes. Atomic replacement is what
 * {@link Shelf#put} is for. Element indices may be negative, counting from the end as in NumPy.
 * See {@link DType} for how values convert between Java and each dtype. Not thread-safe for
 * concurrent writes to the same elements, like any Java array.
 *
 * <p>Indexing ({@link #get(Index...)}, {@link #get(String)}), views (slices, transposes, reshapes,
 * broadcasts) and assignment ({@link #assign}) work as in NumPy; a view of a shelved array writes
 * through to the shelf. Arithmetic ({@link NdMath} for the full set) follows NumPy 2's type
 * promotion; results of out-of-place operations are DRAM arrays, and the {@code ...InPlace} forms
 * keep the result where this array is, on the shelf if it is shelved. Reductions return 0-d arrays
 * of NumPy's accumulator dtype: {@code a.sum().getLong()} is an exact int64 sum of an integer array.
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

    /**
     * A zero-filled array in DRAM, off the Java heap, freed by the garbage collector. With native
     * access, arrays from 4 MiB are mapped in huge pages, as NumPy's are.
     */
    public static NdArray allocate(DType dtype, long... shape) {
        Shape checked = checkedShape(dtype, shape);
        return over(dtype, checked, View.lastingDram(checked.size() * dtype.itemSize()));
    }

    /** A zero-filled DRAM array for the result of an operation (see {@link View#dram}). */
    static NdArray result(DType dtype, long... shape) {
        Shape checked = checkedShape(dtype, shape);
        return over(dtype, checked, View.dram(checked.size() * dtype.itemSize()));
    }

    private static Shape checkedShape(DType dtype, long[] shape) {
        Shape checked = Shape.of(shape);
        if (Math.multiplyHigh(checked.size(), dtype.itemSize()) != 0 || checked.size() * dtype.itemSize() < 0) {
            throw new IllegalArgumentException(dtype + " " + checked + " is too large to address");
        }
        return checked;
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

    /** A 0-d array for a Java scalar taking part in an operation. */
    static NdArray scalar(DType dtype) {
        return result(dtype);
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

    /** Part of a shelved variable (a table's column buffer) as an array, written through to the shelf. */
    static NdArray shelvedPart(ShelfStore store, MappedVariable variable, DType dtype, Shape shape, MemorySegment part) {
        return new NdArray(dtype, ArrayLayout.contiguous(shape, dtype.itemSize()), part, new ArrayHome.Shelved(store, variable));
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

    /**
     * The same elements in C order under another shape; one length may be -1, inferred from the
     * others. A view when the strides allow one (always for a contiguous array), else a DRAM copy,
     * as NumPy's {@code reshape} does.
     *
     * @throws IllegalArgumentException if the sizes differ or more than one length is -1
     */
    public NdArray reshape(long... shape) {
        Shape target = Shape.of(inferLength(shape));
        return layout.reshape(target).map(this::view).orElseGet(() -> copy().reshape(target.toArray()));
    }

    private long[] inferLength(long[] shape) {
        long[] resolved = shape.clone();
        int unknown = -1;
        long known = 1;
        for (int axis = 0; axis < shape.length; axis++) {
            if (shape[axis] == -1) {
                if (unknown >= 0) {
                    throw new IllegalArgumentException("can only specify one unknown dimension (-1) in " + Arrays.toString(shape));
                }
                unknown = axis;
            } else {
                known *= shape[axis];
            }
        }
        if (unknown >= 0) {
            if (known == 0 || size() % known != 0) {
                throw new IllegalArgumentException("cannot reshape an array of " + size() + " elements into shape "
                        + Arrays.toString(shape));
            }
            resolved[unknown] = size() / known;
        }
        return resolved;
    }

    /** The elements in C order as a 1-D array: a view if contiguous, else a DRAM copy ({@code numpy.ravel}). */
    public NdArray ravel() {
        return reshape(-1);
    }

    /** A 1-D DRAM copy of the elements in C order ({@code ndarray.flatten}). */
    public NdArray flatten() {
        return copy().reshape(-1);
    }

    /** The view with axes {@code first} and {@code second} exchanged. */
    public NdArray swapAxes(int first, int second) {
        int[] axes = new int[rank()];
        for (int axis = 0; axis < axes.length; axis++) {
            axes[axis] = axis;
        }
        int a = layout.normalizeAxis(first);
        int b = layout.normalizeAxis(second);
        axes[a] = b;
        axes[b] = a;
        return permute(axes);
    }

    /** The view without axes of length 1 (only {@code axes}, if given; each must have length 1). */
    public NdArray squeeze(int... axes) {
        return view(layout.squeeze(axes));
    }

    /** The view with a new axis of length 1 at position {@code axis} of the result (negative counts from the end). */
    public NdArray expandDims(int axis) {
        int resolved = axis < 0 ? axis + rank() + 1 : axis;
        if (resolved < 0 || resolved > rank()) {
            throw new IllegalArgumentException("axis " + axis + " is out of bounds for an array of " + (rank() + 1)
                    + " dimensions");
        }
        return view(layout.insertAxis(resolved));
    }

    /**
     * A read-only view of this array repeated to {@code shape} by NumPy's broadcasting rules (no copy:
     * repeated axes have stride 0).
     *
     * @throws IllegalArgumentException if the shapes are not compatible
     */
    public NdArray broadcastTo(long... shape) {
        home.checkValid(memory);
        return new NdArray(dtype, layout.broadcastTo(shape), memory.asReadOnly(), home);
    }

    /**
     * The view NumPy's {@code a[indices]} gives: one index per axis, in order; an integer drops its
     * axis, a slice keeps it, {@link Index#newAxis()} inserts one, {@link Index#ellipsis()} stands for
     * the axes not indexed. Missing trailing indices mean whole axes. Writes through the view reach
     * this array (and its shelf).
     *
     * @throws IndexOutOfBoundsException if an integer index is out of bounds
     * @throws IllegalArgumentException  if there are more indices than axes, or two ellipses
     */
    public NdArray get(Index... indices) {
        int explicit = 0;
        int ellipses = 0;
        for (Index index : indices) {
            explicit += index instanceof Index.At || index instanceof Index.Slice ? 1 : 0;
            ellipses += index instanceof Index.Ellipsis ? 1 : 0;
        }
        if (ellipses > 1) {
            throw new IllegalArgumentException("an index can only have a single ellipsis ('...')");
        }
        if (explicit > rank()) {
            throw new IllegalArgumentException("too many indices for array: array is " + rank() + "-dimensional, but "
                    + explicit + " were indexed");
        }
        ArrayLayout result = layout;
        int axis = 0;
        for (Index index : indices) {
            switch (index) {
                case Index.At(long at) -> result = result.at(axis, at);
                case Index.Slice(Long start, Long stop, long step) -> result = result.slice(axis++, start, stop, step);
                case Index.NewAxis newAxis -> result = result.insertAxis(axis++);
                case Index.Ellipsis ellipsis -> axis += rank() - explicit;
            }
        }
        return view(result);
    }

    /** {@link #get(Index...)} with the index in Python's notation: {@code a.get(":, ::-1")}, {@code a.get("..., 0")}. */
    public NdArray get(String index) {
        return get(Index.parse(index));
    }

    /**
     * Writes {@code value} into every element of this view, broadcasting it as NumPy's
     * {@code a[...] = value} does: an {@code NdArray} (converted as {@code astype(casting='unsafe')}
     * converts: integers wrap, floats truncate), a Java primitive array, or a Java scalar (which
     * must fit the dtype, as NumPy refuses {@code int8_array[0] = 300}).
     *
     * @return this array
     * @throws IllegalArgumentException if the shapes do not broadcast, or a scalar does not fit
     */
    public NdArray assign(Object value) {
        switch (value) {
            case null -> throw new IllegalArgumentException("cannot assign null; expected an NdArray, a Java array or a number");
            case Boolean flag -> fill(flag);
            case Float f -> fill(f.doubleValue());
            case Double d -> fill(d);
            case Number number -> fill(number.longValue());
            case NdArray array -> write(memory -> Elementwise.cast(array.view(), new View(dtype, memory, layout)));
            default -> assign(NdArray.copyOf(value));
        }
        return this;
    }

    /** {@code get(index).assign(value)}: NumPy's {@code a[index] = value}, e.g. {@code b.set(":, 0", q)}. */
    public NdArray set(String index, Object value) {
        get(index).assign(value);
        return this;
    }

    /** A DRAM copy converted to {@code type} as NumPy's {@code astype} (casting='unsafe') converts. */
    public NdArray astype(DType type) {
        NdArray converted = result(type, shape());
        Elementwise.cast(view(), converted.writableView());
        return converted;
    }

    // ----- arithmetic: the everyday forms; NdMath has every function -----

    /** {@code this + other}, a new DRAM array; {@code other} is an array, a Java array or a scalar. */
    public NdArray add(Object other) {
        return NdMath.binary(BinaryOp.ADD, this, other, null);
    }

    public NdArray subtract(Object other) {
        return NdMath.binary(BinaryOp.SUBTRACT, this, other, null);
    }

    public NdArray multiply(Object other) {
        return NdMath.binary(BinaryOp.MULTIPLY, this, other, null);
    }

    /** True division: integers give float64. */
    public NdArray divide(Object other) {
        return NdMath.binary(BinaryOp.DIVIDE, this, other, null);
    }

    /** {@code this += other}, in place (on the shelf for a shelved array), as NumPy's same-kind casting allows. */
    public NdArray addInPlace(Object other) {
        return NdMath.binary(BinaryOp.ADD, this, other, this);
    }

    public NdArray subtractInPlace(Object other) {
        return NdMath.binary(BinaryOp.SUBTRACT, this, other, this);
    }

    public NdArray multiplyInPlace(Object other) {
        return NdMath.binary(BinaryOp.MULTIPLY, this, other, this);
    }

    /** {@code this /= other}; refused for integer arrays, whose quotient is float64 (NumPy's same_kind rule). */
    public NdArray divideInPlace(Object other) {
        return NdMath.binary(BinaryOp.DIVIDE, this, other, this);
    }

    /** The matrix product with {@code other}, NumPy's {@code @} (stacks of matrices too): {@link NdMath#matmul}. */
    public NdArray matmul(Object other) {
        return NdMath.matmul(this, other);
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
        write(memory -> Elementwise.cast(source.view(), new View(dtype, memory, layout)));
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
            Elementwise.cast(new View(dtype, memory, layout), new View(targetType, view.apply(values),
                    ArrayLayout.contiguous(layout.shape(), targetType.itemSize())));
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

    /**
     * Writes the elements to {@code channel} straight from memory, little-endian in the view's C order.
     * A contiguous shelved array written to a file is copied by the kernel, file to file, as {@code cp}
     * does, without reading the mapping.
     */
    public void writeTo(WritableByteChannel channel) throws IOException {
        MemorySegment source = memory();
        try {
            if (layout.isContiguous() && home.copyTo(source.asSlice(layout.offset(), layout.byteSize()), channel)) {
                return;
            }
            ArrayTransfer.write(channel, source, layout, dtype.itemSize());
        } catch (IllegalStateException released) {
            throw explained(released);
        }
    }

    // ----- reductions: 0-d arrays over everything, or arrays without the reduced axis -----

    /** The sum, as a 0-d array of NumPy's accumulator dtype: int64 for bool and signed, uint64 for unsigned integers, exact. */
    public NdArray sum() {
        return ArrayStatistics.reduce(this, Reductions.Reducer.SUM, null);
    }

    /** The sums along {@code axis} (negative counts from the end). Float sums are pairwise along the innermost axis, as in NumPy. */
    public NdArray sum(int axis) {
        return ArrayStatistics.reduce(this, Reductions.Reducer.SUM, axis);
    }

    public NdArray prod() {
        return ArrayStatistics.reduce(this, Reductions.Reducer.PROD, null);
    }

    public NdArray prod(int axis) {
        return ArrayStatistics.reduce(this, Reductions.Reducer.PROD, axis);
    }

    /** The mean: float64 for integer arrays, the array's float type otherwise; NaN when empty. */
    public NdArray mean() {
        return ArrayStatistics.mean(this, null);
    }

    public NdArray mean(int axis) {
        return ArrayStatistics.mean(this, axis);
    }

    /** The smallest element, of this dtype; NaN if any is NaN. */
    public NdArray min() {
        return ArrayStatistics.reduce(this, Reductions.Reducer.MIN, null);
    }

    public NdArray min(int axis) {
        return ArrayStatistics.reduce(this, Reductions.Reducer.MIN, axis);
    }

    /** The largest element, of this dtype; NaN if any is NaN. */
    public NdArray max() {
        return ArrayStatistics.reduce(this, Reductions.Reducer.MAX, null);
    }

    public NdArray max(int axis) {
        return ArrayStatistics.reduce(this, Reductions.Reducer.MAX, axis);
    }

    /** The flat (C-order) index of the first smallest element, as an int64 0-d array; a NaN counts as smallest. */
    public NdArray argmin() {
        return ArrayStatistics.argExtreme(this, false, null);
    }

    public NdArray argmin(int axis) {
        return ArrayStatistics.argExtreme(this, false, axis);
    }

    /** The flat (C-order) index of the first largest element; a NaN counts as largest. */
    public NdArray argmax() {
        return ArrayStatistics.argExtreme(this, true, null);
    }

    public NdArray argmax(int axis) {
        return ArrayStatistics.argExtreme(this, true, axis);
    }

    /** The population variance ({@code ddof} 0): float64 for integer arrays. */
    public NdArray var() {
        return ArrayStatistics.variance(this, null, 0);
    }

    /** The variance along {@code axis}, divided by {@code n - ddof}. */
    public NdArray var(int axis, int ddof) {
        return ArrayStatistics.variance(this, axis, ddof);
    }

    /** The population standard deviation ({@code ddof} 0). */
    public NdArray std() {
        return ArrayStatistics.std(this, null, 0);
    }

    public NdArray std(int axis, int ddof) {
        return ArrayStatistics.std(this, axis, ddof);
    }

    /** Whether any element is non-zero, as a bool 0-d array. */
    public NdArray any() {
        return ArrayStatistics.reduce(this, Reductions.Reducer.ANY, null);
    }

    public NdArray any(int axis) {
        return ArrayStatistics.reduce(this, Reductions.Reducer.ANY, axis);
    }

    /** Whether every element is non-zero, as a bool 0-d array. */
    public NdArray all() {
        return ArrayStatistics.reduce(this, Reductions.Reducer.ALL, null);
    }

    public NdArray all(int axis) {
        return ArrayStatistics.reduce(this, Reductions.Reducer.ALL, axis);
    }

    /** The running sums of the elements in C order, 1-D, in the sum's accumulator dtype. */
    public NdArray cumsum() {
        return ArrayStatistics.cumulativeSum(this, null);
    }

    public NdArray cumsum(int axis) {
        return ArrayStatistics.cumulativeSum(this, axis);
    }

    /** A contiguous DRAM copy: volatile, independent of any shelf. */
    public NdArray copy() {
        NdArray copy = allocate(dtype, shape());
        return read(memory -> {
            Elementwise.cast(new View(dtype, memory, layout), new View(dtype, copy.memory, copy.layout));
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

    /**
     * Keeps this array's memory in place while native code (an inference runtime, a JNI library) uses
     * its address, from {@link #segment()} or a direct buffer over it. Until the pin is closed,
     * replacing, erasing or renaming the variable does not unmap its memory or reuse its space, and
     * closing the shelf waits; Java access through this reference still fails once the variable has
     * changed. Pin for as short a time as the native call needs. DRAM arrays need no pin, and get one
     * that does nothing.
     *
     * @throws IllegalStateException if the variable has already changed or its shelf closed
     */
    public Pin pin() {
        return home.pin(memory());
    }

    /** A {@link #pin()}; closing it again does nothing. */
    @FunctionalInterface
    public interface Pin extends AutoCloseable {
        @Override
        void close();
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

    /** This array as the compute kernels see it; checked to be valid now. */
    View view() {
        return new View(dtype, memory(), layout);
    }

    /** This array as a kernel's output: refused for read-only arrays. */
    View writableView() {
        return new View(dtype, writableMemory(), layout);
    }

    /** A DRAM array over a view the kernels made. */
    static NdArray wrap(View view) {
        return new NdArray(view.dtype(), view.layout(), view.memory(), ArrayHome.Dram.INSTANCE);
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

    /** The elements' bytes as one segment, if they lie next to each other in C order; else null. */
    MemorySegment contiguousBytes() {
        return layout.isContiguous() ? memory().asSlice(layout.offset(), layout.byteSize()) : null;
    }

    private MemorySegment memory() {
        home.checkValid(memory);
        return memory;
    }

    private MemorySegment writableMemory() {
        MemorySegment checked = memory();
        if (checked.isReadOnly()) {
            if (home.isReadOnly()) {
                throw new ReadOnlyShelfException("this array belongs to a shelf opened read-only; it cannot be written");
            }
            throw new IllegalStateException("this view is read-only (a broadcast view repeats elements; a table's offsets"
                    + " and validity keep its strings whole); copy() it to write");
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
