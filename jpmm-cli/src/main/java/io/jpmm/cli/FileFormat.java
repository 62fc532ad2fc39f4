package io.jpmm.cli;

import io.jpmm.arrow.ArrowIpc;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** The file formats import and export handle, spelled as the --format option takes them. */
enum FileFormat {
    npy, safetensors, arrow, arrows, raw;

    /**
     * What a file to import holds, from its first bytes: an Arrow file or stream, a safetensors header
     * (a little-endian length followed by a JSON object), or else a .npy file, whose own reader
     * explains what is wrong with it.
     */
    static FileFormat of(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return npy;
        }
        if (ArrowIpc.looksLikeArrow(file)) {
            return arrow;
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

    /**
     * The format to write {@code file} in, from its name: {@code .safetensors}; an Arrow file for
     * {@code .arrow}, {@code .feather} or {@code .ipc}; an Arrow stream for {@code .arrows}; .npy otherwise.
     */
    static FileFormat forName(Path file) {
        String name = file.getFileName().toString();
        if (name.endsWith(".safetensors")) {
            return safetensors;
        }
        if (name.endsWith(".arrow") || name.endsWith(".feather") || name.endsWith(".ipc")) {
            return arrow;
        }
        return name.endsWith(".arrows") ? arrows : npy;
    }

    boolean isArrow() {
        return this == arrow || this == arrows;
    }
}
