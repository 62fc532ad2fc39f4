package io.jpmm.zarr;

import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Variable names as Zarr node names (the group's {@code arrays} attribute keeps the originals). Each UTF-8 byte outside {@code A-Z a-z 0-9 - _ .}
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
}
