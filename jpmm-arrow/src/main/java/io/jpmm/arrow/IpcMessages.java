package io.jpmm.arrow;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.flatbuf.Message;
import org.apache.arrow.flatbuf.MessageHeader;

/**
 * The encapsulated messages of an Arrow IPC stream, or of the stream inside an Arrow file (which is
 * "ARROW1", padding, a stream, a footer, its length and "ARROW1" again), read from mapped memory:
 * the metadata is copied to the heap for the flatbuffer classes, each body stays a slice of the mapping.
 */
final class IpcMessages {
    static final byte[] MAGIC = "ARROW1".getBytes(StandardCharsets.US_ASCII);
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
    private static final int CONTINUATION = 0xFFFFFFFF;

    /** One message: its metadata, its body, and where it starts in the file (for error messages). */
    record IpcMessage(Message metadata, MemorySegment body, long offset) {
        byte type() {
            return metadata.headerType();
        }
    }

    private IpcMessages() {
    }

    static boolean isFile(MemorySegment data) {
        return data.byteSize() >= MAGIC.length && Arrays.equals(data.asSlice(0, MAGIC.length).toArray(ValueLayout.JAVA_BYTE), MAGIC);
    }

    /** Every message up to the end-of-stream marker (or the end of the stream's bytes), the schema first. */
    static List<IpcMessage> read(MemorySegment data, String source) throws ArrowFormatException {
        long start = 0;
        long end = data.byteSize();
        if (isFile(data)) {
            long size = data.byteSize();
            if (size < 8 + 10 || !Arrays.equals(data.asSlice(size - MAGIC.length, MAGIC.length).toArray(ValueLayout.JAVA_BYTE), MAGIC)) {
                throw new ArrowFormatException(source + ": an Arrow file must end with \"ARROW1\"; it is truncated");
            }
            int footerLength = data.get(INT, size - 10);
            if (footerLength <= 0 || footerLength > size - 18) {
                throw new ArrowFormatException(source + ": footer length " + footerLength + " does not fit the file's " + size + " bytes");
            }
            start = 8;
            end = size - 10 - footerLength;
        }
        List<IpcMessage> messages = new ArrayList<>();
        long position = start;
        while (position + 4 <= end) {
            int first = data.get(INT, position);
            long metadataStart = position + 4;
            int length = first;
            if (first == CONTINUATION) {
                if (position + 8 > end) {
                    throw truncated(source, position);
                }
                length = data.get(INT, position + 4);
                metadataStart = position + 8;
            }
            if (length == 0) {
                break;
            }
            if (length < 0 || length > end - metadataStart) {
                throw new ArrowFormatException(source + ": the message at byte " + position + " has " + length
                        + " bytes of metadata, past the end of the stream at byte " + end);
            }
            Message metadata = parse(data.asSlice(metadataStart, length), source, position);
            long bodyStart = metadataStart + length;
            long bodyLength = metadata.bodyLength();
            if (bodyLength < 0 || bodyLength > end - bodyStart) {
                throw new ArrowFormatException(source + ": the message at byte " + position + " has a body of " + bodyLength
                        + " bytes, past the end of the stream at byte " + end);
            }
            messages.add(new IpcMessage(metadata, data.asSlice(bodyStart, bodyLength), position));
            position = bodyStart + bodyLength;
        }
        if (messages.isEmpty() || messages.getFirst().type() != MessageHeader.Schema) {
            throw new ArrowFormatException(source + ": not an Arrow IPC file or stream: it does not begin with a schema message");
        }
        return messages;
    }

    private static Message parse(MemorySegment bytes, String source, long position) throws ArrowFormatException {
        try {
            ByteBuffer buffer = ByteBuffer.wrap(bytes.toArray(ValueLayout.JAVA_BYTE)).order(ByteOrder.LITTLE_ENDIAN);
            Message message = Message.getRootAsMessage(buffer);
            message.headerType();
            message.bodyLength();
            return message;
        } catch (RuntimeException malformed) {
            throw new ArrowFormatException(source + ": the message at byte " + position + " has malformed metadata ("
                    + malformed + ")", malformed);
        }
    }

    private static ArrowFormatException truncated(String source, long position) {
        return new ArrowFormatException(source + ": the stream ends inside the message at byte " + position);
    }
}
