package io.jpmm.zarr;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Variable names as Zarr node names, and back. Each UTF-8 byte outside {@code A-Z a-z 0-9 - _ .}
 * becomes {@code ~} and two hex digits, as do a leading {@code __} (reserved by the specification)
 * and the dots of the names {@code .}, {@code ..} and of names jpmm keeps beside the arrays
 * ({@code zarr.json}, {@code jpmm-manifest.json}): a name never becomes a path outside its group and
 * never collides with metadata. {@code ~} is unreserved in URLs, so no store or HTTP layer decodes
 * it the way some decode {@code %}.
 */
final class ZarrKeys {
    private static final Set<String> RESERVED = Set.of(".", "..", "zarr.json", Zarr.MANIFEST);

    private ZarrKeys() {
    }

    static String encode(String name) {
        var key = new StringBuilder();
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        boolean reserved = RESERVED.contains(name);
        for (int i = 0; i < utf8.length; i++) {
            int b = utf8[i] & 0xff;
            boolean plain = b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '-'
                    || b == '_' && !(i < 2 && name.startsWith("__")) || b == '.' && !reserved;
            if (plain) {
                key.append((char) b);
            } else {
                key.append('~').append(String.format("%02X", b));
            }
        }
        return key.toString();
    }

    static String decode(String key) {
        var bytes = new ByteArrayOutputStream();
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '~' && i + 2 < key.length()) {
                bytes.write(Integer.parseInt(key.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
