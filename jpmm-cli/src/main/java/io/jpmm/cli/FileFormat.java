package io.jpmm.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** The file formats import and export handle, spelled as the --format option takes them. */
enum FileFormat {
    npy, safetensors, raw;

    /**
     * What a file to import holds, from its first bytes: a safetensors header (a little-endian length
     * followed by a JSON object), or else a .npy file, whose own reader explains what is wrong with it.
     */
    static FileFormat of(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return npy;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer start = ByteBuffer.allocate(9).order(ByteOrder.LITTLE_ENDIAN);
            while (start.hasRemaining() && channel.read(start) >= 0) {
                // read the first nine bytes, or as many as there are
            }
            if (start.position() == 9 && start.get(8) == '{') {
                long header = start.getLong(0);
                return header > 1 && header <= channel.size() - 8 ? safetensors : npy;
            }
            return npy;
        }
    }

    /** The format to write {@code file} in: safetensors for a {@code .safetensors} name, .npy otherwise. */
    static FileFormat forName(Path file) {
        return file.getFileName().toString().endsWith(".safetensors") ? safetensors : npy;
    }
}
