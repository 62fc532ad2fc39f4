package io.jpmm.internal.print;

import io.jpmm.DType;
import io.jpmm.internal.array.ArrayLayout;
import io.jpmm.internal.array.ElementCodec;
import io.jpmm.internal.compute.ArrayOps;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongFunction;

/**
 * Prints arrays as NumPy's {@code repr} does ({@code numpy.core.arrayprint}, default options):
 * 75-character lines, the middle of arrays over {@value #DEFAULT_THRESHOLD} elements summarised as
 * {@code ...} with {@value #EDGE_ITEMS} items at each edge, elements of one array aligned to one
 * width, and {@code dtype=} shown unless NumPy would imply it.
 */
public final class NumpyFormat {
    public static final long DEFAULT_THRESHOLD = 1000;
    private static final int EDGE_ITEMS = 3;
    private static final int LINE_WIDTH = 75;
    private static final String SEPARATOR = ", ";
    private static final Set<DType> IMPLIED_DTYPES = EnumSet.of(DType.FLOAT64, DType.INT64, DType.BOOL, DType.COMPLEX128);

    private final DType dtype;
    private final MemorySegment memory;
    private final String summaryInsert;
    private LongFunction<String> elementFormat;

    private NumpyFormat(DType dtype, MemorySegment memory, boolean summarize) {
        this.dtype = dtype;
        this.memory = memory;
        this.summaryInsert = summarize ? "..." : "";
    }

    /**
     * {@code label([...], shape=..., dtype=...)}, summarised when the array has more than
     * {@code threshold} elements. As NumPy 2 does, the shape is shown for summarised arrays and
     * empty ones other than {@code (0,)}, the dtype unless the values imply it.
     */
    public static String repr(String label, DType dtype, MemorySegment memory, ArrayLayout layout, long threshold) {
        String prefix = label + "(";
        String body = layout.size() == 0 ? "[]" : new NumpyFormat(dtype, memory, layout.size() > threshold)
                .arrayToString(layout, LINE_WIDTH - 1, " " + " ".repeat(prefix.length()));
        List<String> extras = new ArrayList<>();
        if ((layout.size() == 0 && !(layout.rank() == 1)) || layout.size() > threshold) {
            extras.add("shape=" + layout.shape());
        }
        if (!IMPLIED_DTYPES.contains(dtype) || layout.size() == 0) {
            extras.add("dtype=" + dtype);
        }
        if (extras.isEmpty()) {
            return prefix + body + ")";
        }
        String text = prefix + body + ",";
        String extraText = String.join(", ", extras) + ")";
        int lastLineLength = text.length() - (text.lastIndexOf('\n') + 1);
        String spacer = lastLineLength + extraText.length() + 1 > LINE_WIDTH ? "\n" + " ".repeat(prefix.length()) : " ";
        return text + spacer + extraText;
    }

    private String arrayToString(ArrayLayout layout, int lineWidth, String nextLinePrefix) {
        List<Long> shown = new ArrayList<>();
        collectShown(layout, shown);
        elementFormat = elementFormat(shown, layout.rank() == 0);
        return recurse(layout, nextLinePrefix, lineWidth);
    }

    /** The offsets of the elements that will be printed, so widths depend on those alone (as in NumPy). */
    private void collectShown(ArrayLayout view, List<Long> shown) {
        if (view.rank() == 0) {
            shown.add(view.offset());
            return;
        }
        long length = view.dim(0);
        boolean summary = showSummary(length);
        for (long i = 0; i < (summary ? EDGE_ITEMS : 0); i++) {
            collectShown(view.at(i), shown);
        }
        for (long i = summary ? EDGE_ITEMS : length; i >= 1; i--) {
            collectShown(view.at(-i), shown);
        }
    }

    private boolean showSummary(long length) {
        return !summaryInsert.isEmpty() && 2L * EDGE_ITEMS < length;
    }

    private String recurse(ArrayLayout view, String hangingIndent, int currentWidth) {
        if (view.rank() == 0) {
            return elementFormat.apply(view.offset());
        }
        String nextHangingIndent = hangingIndent + " ";
        int nextWidth = currentWidth - 1;
        long length = view.dim(0);
        boolean summary = showSummary(length);
        long leading = summary ? EDGE_ITEMS : 0;
        long trailing = summary ? EDGE_ITEMS : length;
        StringBuilder text = new StringBuilder();
        if (view.rank() == 1) {
            int elementWidth = currentWidth - Math.max(SEPARATOR.stripTrailing().length(), 1);
            String line = hangingIndent;
            for (long i = 0; i < leading; i++) {
                line = extendLine(text, line, recurse(view.at(i), nextHangingIndent, nextWidth), elementWidth, hangingIndent);
                line += SEPARATOR;
            }
            if (summary) {
                line = extendLine(text, line, summaryInsert, elementWidth, hangingIndent) + SEPARATOR;
            }
            for (long i = trailing; i > 1; i--) {
                line = extendLine(text, line, recurse(view.at(-i), nextHangingIndent, nextWidth), elementWidth, hangingIndent);
                line += SEPARATOR;
            }
            line = extendLine(text, line, recurse(view.at(-1), nextHangingIndent, nextWidth), elementWidth, hangingIndent);
            text.append(line);
        } else {
            String lineSeparator = SEPARATOR.stripTrailing() + "\n".repeat(view.rank() - 1);
            for (long i = 0; i < leading; i++) {
                text.append(hangingIndent).append(recurse(view.at(i), nextHangingIndent, nextWidth)).append(lineSeparator);
            }
            if (summary) {
                text.append(hangingIndent).append(summaryInsert).append(lineSeparator);
            }
            for (long i = trailing; i > 1; i--) {
                text.append(hangingIndent).append(recurse(view.at(-i), nextHangingIndent, nextWidth)).append(lineSeparator);
            }
            text.append(hangingIndent).append(recurse(view.at(-1), nextHangingIndent, nextWidth));
        }
        return "[" + text.substring(hangingIndent.length()) + "]";
    }

    private static String extendLine(StringBuilder text, String line, String word, int lineWidth, String nextLinePrefix) {
        boolean needsWrap = line.length() + word.length() > lineWidth && line.length() > nextLinePrefix.length();
        if (needsWrap) {
            text.append(line.stripTrailing()).append('\n');
            line = nextLinePrefix;
        }
        return line + word;
    }

    private LongFunction<String> elementFormat(List<Long> shown, boolean scalar) {
        ElementCodec codec = ElementCodec.of(dtype);
        if (dtype == DType.BOOL) {
            String trueText = scalar ? "True" : " True";
            return offset -> codec.getLong(memory, offset) != 0 ? trueText : "False";
        }
        if (dtype.isInteger()) {
            LongFunction<String> text = dtype == DType.UINT64
                    ? offset -> Long.toUnsignedString(codec.getLong(memory, offset))
                    : offset -> Long.toString(codec.getLong(memory, offset));
            int width = shown.stream().mapToInt(offset -> text.apply(offset).length()).max().orElse(0);
            return offset -> String.format("%" + width + "s", text.apply(offset));
        }
        double[] real = shown.stream().mapToDouble(offset -> codec.getDouble(memory, offset)).toArray();
        if (!dtype.isComplex()) {
            var format = new FloatingFormat(real, dtype, false);
            return offset -> format.format(codec.getDouble(memory, offset));
        }
        DType partType = dtype == DType.COMPLEX64 ? DType.FLOAT32 : DType.FLOAT64;
        double[] imaginary = shown.stream().mapToDouble(offset -> ArrayOps.imaginary(dtype, memory, offset)).toArray();
        var realFormat = new FloatingFormat(real, partType, false);
        var imaginaryFormat = new FloatingFormat(imaginary, partType, true);
        return offset -> {
            String imaginaryText = imaginaryFormat.format(ArrayOps.imaginary(dtype, memory, offset));
            int end = imaginaryText.stripTrailing().length();
            return realFormat.format(codec.getDouble(memory, offset))
                    + imaginaryText.substring(0, end) + "j" + imaginaryText.substring(end);
        };
    }
}
