package io.jpmm;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** The rules for shelf and variable names. */
final class Names {
    /** Shelf names become file names, so they are kept to characters safe on every file system. */
    private static final Pattern SHELF_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    static final int MAX_VARIABLE_NAME_BYTES = 255;

    private Names() {
    }

    static String checkShelfName(String name) {
        if (name == null || !SHELF_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid shelf name " + quote(name) + ": use 1 to 100 letters, digits,"
                    + " '.', '_' or '-', starting with a letter or digit (it names the shelf's files)");
        }
        return name;
    }

    /** Variable names are any text up to 255 UTF-8 bytes without control characters; never a path. */
    static String checkVariableName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("invalid variable name " + quote(name) + ": it must not be empty");
        }
        int control = name.codePoints().filter(Character::isISOControl).findFirst().orElse(-1);
        if (control >= 0) {
            throw new IllegalArgumentException("invalid variable name " + quote(name) + ": it contains control character U+"
                    + String.format("%04X", control));
        }
        ByteBuffer utf8;
        try {
            utf8 = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(name));
        } catch (CharacterCodingException unpairedSurrogate) {
            throw new IllegalArgumentException("invalid variable name " + quote(name) + ": it is not valid Unicode text");
        }
        if (utf8.remaining() > MAX_VARIABLE_NAME_BYTES) {
            throw new IllegalArgumentException("invalid variable name " + quote(name.substring(0, 20) + "...")
                    + ": it has " + utf8.remaining() + " UTF-8 bytes, at most " + MAX_VARIABLE_NAME_BYTES + " are allowed");
        }
        return name;
    }

    private static String quote(String name) {
        return name == null ? "null" : "\"" + name.codePoints()
                .mapToObj(c -> Character.isISOControl(c) ? String.format("\\u%04x", c) : Character.toString(c))
                .reduce("", String::concat) + "\"";
    }
}
