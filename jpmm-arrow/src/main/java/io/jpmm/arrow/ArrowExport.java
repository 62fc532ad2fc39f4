package io.jpmm.arrow;

import com.google.flatbuffers.FlatBufferBuilder;
import io.jpmm.ColumnLayout;
import io.jpmm.ColumnSpec;
import io.jpmm.DType;
import io.jpmm.NdArray;
import io.jpmm.Table;
import io.jpmm.TableColumn;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.flatbuf.Block;
import org.apache.arrow.flatbuf.Buffer;
import org.apache.arrow.flatbuf.Endianness;
import org.apache.arrow.flatbuf.Field;
import org.apache.arrow.flatbuf.FieldNode;
import org.apache.arrow.flatbuf.Footer;
import org.apache.arrow.flatbuf.Message;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.flatbuf.MetadataVersion;
import org.apache.arrow.flatbuf.RecordBatch;
import org.apache.arrow.flatbuf.Schema;

/**
 * Writes a table as one Arrow record batch, in the IPC file or stream format, uncompressed. The
 * column buffers go from the shelf's mapping straight to the file; only bool columns, which jpmm
 * keeps a byte per value and Arrow a bit, are packed on the way.
 */
final class ArrowExport {
    private static final int ALIGNMENT = 64;
    private static final int CHUNK = 1 << 30;

    /** One buffer of the body: where it goes, and what fills it. */
    private record BodyBuffer(long offset, long length, MemorySegment data) {
    }

    private ArrowExport() {
    }

    @SuppressWarnings("try") // the pin is held, not used
    static void write(Table table, FileChannel out, boolean fileFormat, String target) throws IOException {
        List<ArrowTypes.ArrowType> types = new ArrayList<>();
        for (TableColumn column : table.columns()) {
            types.add(ArrowTypes.arrowType(column.spec(), target + ": column \"" + column.name() + "\" of table \""
                    + table.name() + "\" "));
        }
        // The pin keeps the table's mapping while it is written, even if another thread replaces it meanwhile.
        try (Arena arena = Arena.ofConfined(); NdArray.Pin pin = table.column(0).values().pin()) {
            List<BodyBuffer> body = new ArrayList<>();
            long bodyLength = 0;
            for (TableColumn column : table.columns()) {
                for (MemorySegment data : buffers(column, arena)) {
                    body.add(new BodyBuffer(bodyLength, data.byteSize(), data));
                    bodyLength = align(bodyLength + data.byteSize());
                }
            }
            long position = 0;
            if (fileFormat) {
                position += writeFully(out, ByteBuffer.wrap(new byte[] {'A', 'R', 'R', 'O', 'W', '1', 0, 0}));
            }
            position += writeMessage(out, schemaMessage(table, types));
            long batchOffset = position;
            byte[] batchMetadata = batchMessage(table, body, bodyLength);
            int batchMetadataLength = (int) writeMessage(out, batchMetadata);
            position += batchMetadataLength;
            long written = 0;
            for (BodyBuffer buffer : body) {
                written += writeZeros(out, buffer.offset() - written);
                written += writeSegment(out, buffer.data());
            }
            position += written + writeZeros(out, bodyLength - written);
            position += writeFully(out, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(-1).putInt(0).flip());
            if (fileFormat) {
                byte[] footer = footer(table, types, batchOffset, batchMetadataLength, bodyLength);
                writeFully(out, ByteBuffer.wrap(footer));
                writeFully(out, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(footer.length).flip());
                writeFully(out, ByteBuffer.wrap(IpcMessages.MAGIC));
            }
        }
    }

    /** The buffers Arrow has for {@code column}, in order: validity, offsets (variable only), values. */
    private static List<MemorySegment> buffers(TableColumn column, Arena arena) {
        ColumnSpec spec = column.spec();
        List<MemorySegment> buffers = new ArrayList<>(3);
        buffers.add(column.validity().map(ArrowExport::segment).orElse(MemorySegment.NULL));
        column.offsets().ifPresent(offsets -> buffers.add(segment(offsets)));
        NdArray values = column.values();
        if (spec.layout() == ColumnLayout.FIXED && spec.dtype() == DType.BOOL) {
            buffers.add(packBits(segment(values), column.rows(), arena));
        } else {
            buffers.add(segment(values));
        }
        return buffers;
    }

    private static MemorySegment segment(NdArray array) {
        return array.segment();
    }

    private static MemorySegment packBits(MemorySegment bytes, long rows, Arena arena) {
        MemorySegment bits = arena.allocate(Math.max(1, (rows + 7) / 8)).asSlice(0, (rows + 7) / 8);
        bits.fill((byte) 0);
        for (long row = 0; row < rows; row++) {
            if (bytes.get(ValueLayout.JAVA_BYTE, row) != 0) {
                bits.set(ValueLayout.JAVA_BYTE, row >>> 3, (byte) (bits.get(ValueLayout.JAVA_BYTE, row >>> 3) | 1 << (row & 7)));
            }
        }
        return bits;
    }

    private static int[] fields(FlatBufferBuilder builder, Table table, List<ArrowTypes.ArrowType> types) {
        int[] fields = new int[table.columnCount()];
        for (int i = 0; i < fields.length; i++) {
            TableColumn column = table.column(i);
            int name = builder.createString(column.name());
            int type = types.get(i).writer().write(builder);
            int children = Field.createChildrenVector(builder, new int[0]);
            fields[i] = Field.createField(builder, name, column.spec().nullable(), types.get(i).typeType(), type, 0, children, 0);
        }
        return fields;
    }

    private static int schema(FlatBufferBuilder builder, Table table, List<ArrowTypes.ArrowType> types) {
        int fields = Schema.createFieldsVector(builder, fields(builder, table, types));
        return Schema.createSchema(builder, Endianness.Little, fields, 0, 0);
    }

    private static byte[] schemaMessage(Table table, List<ArrowTypes.ArrowType> types) {
        var builder = new FlatBufferBuilder(1024);
        int schema = schema(builder, table, types);
        builder.finish(Message.createMessage(builder, MetadataVersion.V5, MessageHeader.Schema, schema, 0, 0));
        return builder.sizedByteArray();
    }

    private static byte[] batchMessage(Table table, List<BodyBuffer> body, long bodyLength) {
        var builder = new FlatBufferBuilder(1024);
        List<TableColumn> columns = table.columns();
        RecordBatch.startNodesVector(builder, columns.size());
        for (int i = columns.size() - 1; i >= 0; i--) {
            FieldNode.createFieldNode(builder, table.rows(), columns.get(i).nullCount());
        }
        int nodes = builder.endVector();
        RecordBatch.startBuffersVector(builder, body.size());
        for (int i = body.size() - 1; i >= 0; i--) {
            Buffer.createBuffer(builder, body.get(i).offset(), body.get(i).length());
        }
        int buffers = builder.endVector();
        int batch = RecordBatch.createRecordBatch(builder, table.rows(), nodes, buffers, 0, 0);
        builder.finish(Message.createMessage(builder, MetadataVersion.V5, MessageHeader.RecordBatch, batch, bodyLength, 0));
        return builder.sizedByteArray();
    }

    private static byte[] footer(Table table, List<ArrowTypes.ArrowType> types, long batchOffset, int metadataLength,
                                 long bodyLength) {
        var builder = new FlatBufferBuilder(1024);
        int schema = schema(builder, table, types);
        Footer.startDictionariesVector(builder, 0);
        int dictionaries = builder.endVector();
        Footer.startRecordBatchesVector(builder, 1);
        Block.createBlock(builder, batchOffset, metadataLength, bodyLength);
        int batches = builder.endVector();
        builder.finish(Footer.createFooter(builder, MetadataVersion.V5, schema, dictionaries, batches, 0));
        return builder.sizedByteArray();
    }

    /** Writes an encapsulated message's metadata: continuation, length, flatbuffer, padding to 8; returns the bytes written. */
    private static long writeMessage(FileChannel out, byte[] metadata) throws IOException {
        int padded = (metadata.length + 8 + 7) / 8 * 8 - 8;
        ByteBuffer prefix = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN).putInt(-1).putInt(padded).put(metadata);
        return writeFully(out, prefix.position(0).limit(8 + padded));
    }

    private static long writeSegment(FileChannel out, MemorySegment data) throws IOException {
        long written = 0;
        for (long at = 0; at < data.byteSize(); at += CHUNK) {
            written += writeFully(out, data.asSlice(at, Math.min(CHUNK, data.byteSize() - at)).asByteBuffer());
        }
        return written;
    }

    private static long writeZeros(FileChannel out, long count) throws IOException {
        return count == 0 ? 0 : writeFully(out, ByteBuffer.allocate((int) count));
    }

    private static long writeFully(FileChannel out, ByteBuffer buffer) throws IOException {
        long written = buffer.remaining();
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
        return written;
    }

    private static long align(long position) {
        return (position + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    }
}
