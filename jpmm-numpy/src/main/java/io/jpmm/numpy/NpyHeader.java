package io.jpmm.numpy;

import io.jpmm.DType;
import io.jpmm.Shape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The header of a {@code .npy} file (NumPy's format, versions 1.0, 2.0 and 3.0): magic bytes, a
 * version, and a Python dict literal giving {@code descr}, {@code fortran_order} and {@code shape},
 * padded so the data starts on a 64-byte boundary.
 *
 * @param dtype        the element type
 * @param bigEndian    whether elements are stored big-endian ({@code >} in the descriptor)
 * @param fortranOrder whether elements are stored in Fortran (column-major) order, as NumPy saves
 *                     any F-contiguous array, a transposed one for instance
 * @param shape        the array's shape
 * @param dataOffset   where the elements start in the file
 */
public record NpyHeader(DType dtype, boolean bigEndian, boolean fortranOrder, Shape shape, long dataOffset) {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ALIGNMENT = 64;

    /** The bytes of the data that follows the header. */
    public long dataBytes() {
        return shape.size() * dtype.itemSize();
    }

    /**
     * Reads and parses a header from the start of {@code channel}, leaving it at the data.
     *
     * @throws NpyFormatException if it is not a {@code .npy} header jpmm can use, saying why
     */
    public static NpyHeader read(ReadableByteChannel channel, String source) throws IOException {
        ByteBuffer prefix = readFully(channel, 10, source);
        byte[] magic = new byte[6];
        prefix.get(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new NpyFormatException(source + " is not a .npy file: it does not start with \\x93NUMPY");
        }
        int major = prefix.get() & 0xFF;
        int minor = prefix.get() & 0xFF;
        if (major < 1 || major > 3 || minor != 0) {
            throw new NpyFormatException(source + " has .npy format version " + major + "." + minor
                    + "; versions 1.0, 2.0 and 3.0 are supported");
        }
        long headerLength;
        int lengthBytes = major == 1 ? 2 : 4;
        if (major == 1) {
            headerLength = Short.toUnsignedInt(prefix.order(ByteOrder.LITTLE_ENDIAN).getShort(8));
        } else {
            ByteBuffer rest = readFully(channel, 2, source);
            headerLength = Integer.toUnsignedLong(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN)
                    .put(prefix.array(), 8, 2).put(rest).flip().getInt());
        }
        if (headerLength > 1 << 24) {
            throw new NpyFormatException(source + " claims a header of " + headerLength + " bytes");
        }
        ByteBuffer text = readFully(channel, (int) headerLength, source);
        String header = new String(text.array(), major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        return parse(header, source, 8 + lengthBytes + headerLength);
    }

    private static NpyHeader parse(String header, String source, long dataOffset) {
        var dict = new PythonLiteral(header.strip(), source).parseDict();
        Object descr = dict.get("descr");
        Object fortran = dict.get("fortran_order");
        Object shape = dict.get("shape");
        if (!(descr instanceof String descriptor)) {
            throw new NpyFormatException(source + " has a structured or missing dtype " + descr
                    + "; jpmm reads arrays of single numbers only");
        }
        if (!(fortran instanceof Boolean fortranOrder) || !(shape instanceof List<?> dims)) {
            throw new NpyFormatException(source + " has no valid 'fortran_order' and 'shape' in its header: " + header.strip());
        }
        if (!dims.stream().allMatch(dim -> dim instanceof Long length && length >= 0)) {
            throw new NpyFormatException(source + " has an invalid shape " + dims + " in its header");
        }
        long[] dimensions = dims.stream().mapToLong(dim -> (Long) dim).toArray();
        return new NpyHeader(dtypeOf(descriptor, source), descriptor.startsWith(">"), fortranOrder, Shape.of(dimensions),
                dataOffset);
    }

    /** The dtype of a NumPy descriptor such as {@code <f8}; big- and little-endian are both accepted. */
    static DType dtypeOf(String descriptor, String source) {
        String littleEndian = descriptor.length() > 1 && (descriptor.charAt(0) == '>' || descriptor.charAt(0) == '=')
                ? "<" + descriptor.substring(1) : descriptor;
        if (littleEndian.equals("<b1") || littleEndian.equals("<i1") || littleEndian.equals("<u1")) {
            littleEndian = "|" + littleEndian.substring(1);
        }
        for (DType dtype : DType.values()) {
            if (dtype.numpyDescr().filter(littleEndian::equals).isPresent()) {
                return dtype;
            }
        }
        throw new NpyFormatException(source + " has dtype '" + descriptor + "', which jpmm does not store; supported: "
                + Arrays.stream(DType.values()).flatMap(type -> type.numpyDescr().stream()).collect(Collectors.joining(" ")));
    }

    /** The header bytes numpy.save writes for {@code dtype} and {@code shape}: version 1.0 when it fits. */
    public static byte[] encode(DType dtype, Shape shape) {
        String descr = dtype.numpyDescr().orElseThrow(() -> new IllegalArgumentException(
                dtype + " has no NumPy descriptor; convert it first"));
        long[] dims = shape.toArray();
        String tuple = dims.length == 1 ? "(" + dims[0] + ",)"
                : Arrays.stream(dims).mapToObj(Long::toString).collect(Collectors.joining(", ", "(", ")"));
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + tuple + ", }";
        int lengthBytes = dict.length() + 1 + 10 < 65536 ? 2 : 4;
        int unpadded = 6 + 2 + lengthBytes + dict.length() + 1;
        int padding = (ALIGNMENT - unpadded % ALIGNMENT) % ALIGNMENT;
        String text = dict + " ".repeat(padding) + "\n";
        ByteBuffer header = ByteBuffer.allocate(unpadded + padding).order(ByteOrder.LITTLE_ENDIAN);
        header.put(MAGIC).put((byte) (lengthBytes == 2 ? 1 : 2)).put((byte) 0);
        if (lengthBytes == 2) {
            header.putShort((short) text.length());
        } else {
            header.putInt(text.length());
        }
        header.put(text.getBytes(StandardCharsets.ISO_8859_1));
        return header.array();
    }

    private static ByteBuffer readFully(ReadableByteChannel channel, int length, String source) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new NpyFormatException(source + " ends inside its .npy header");
            }
        }
        return buffer.flip();
    }

    /** Just enough of Python's literal syntax for a .npy header: dicts, strings, booleans, int tuples. */
    private static final class PythonLiteral {
        private final String text;
        private final String source;
        private int position;

        PythonLiteral(String text, String source) {
            this.text = text;
            this.source = source;
        }

        java.util.Map<String, Object> parseDict() {
            var dict = new java.util.HashMap<String, Object>();
            expect('{');
            while (!peek('}')) {
                Object key = value();
                expect(':');
                dict.put(String.valueOf(key), value());
                if (!peek('}')) {
                    expect(',');
                }
            }
            expect('}');
            return dict;
        }

        private Object value() {
            skipSpaces();
            if (position >= text.length()) {
                throw malformed("a value");
            }
            char c = text.charAt(position);
            if (c == '\'' || c == '"') {
                int end = text.indexOf(c, position + 1);
                if (end < 0) {
                    throw malformed("the end of a string");
                }
                String value = text.substring(position + 1, end);
                position = end + 1;
                return value;
            }
            if (c == '(' || c == '[') {
                char close = c == '(' ? ')' : ']';
                position++;
                List<Object> items = new ArrayList<>();
                while (!peek(close)) {
                    items.add(value());
                    if (!peek(close)) {
                        expect(',');
                    }
                }
                expect(close);
                return items;
            }
            int start = position;
            while (position < text.length() && (Character.isLetterOrDigit(text.charAt(position)) || text.charAt(position) == '-')) {
                position++;
            }
            String word = text.substring(start, position);
            return switch (word) {
                case "True" -> true;
                case "False" -> false;
                default -> {
                    try {
                        yield Long.parseLong(word.endsWith("L") ? word.substring(0, word.length() - 1) : word);
                    } catch (NumberFormatException notANumber) {
                        throw malformed("a value, not '" + word + "'");
                    }
                }
            };
        }

        private boolean peek(char c) {
            skipSpaces();
            return position < text.length() && text.charAt(position) == c;
        }

        private void expect(char c) {
            if (!peek(c)) {
                throw malformed("'" + c + "'");
            }
            position++;
        }

        private void skipSpaces() {
            while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
                position++;
            }
        }

        private NpyFormatException malformed(String expected) {
            return new NpyFormatException(source + " has a malformed .npy header: expected " + expected
                    + " at character " + position + " of " + text);
        }
    }
}
