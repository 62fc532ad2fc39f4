package io.jpmm.internal.store;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Shelf identities are random version-4 UUIDs, and log nonces differ from one pair to the next. */
class RandomBitsTest {
    @Test
    void uuidsAreRandomVersionFourInTheIetfVariant() {
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            UUID uuid = RandomBits.nextUuid();
            assertThat(uuid.version()).isEqualTo(4);
            assertThat(uuid.variant()).isEqualTo(2);
            seen.add(uuid);
        }
        assertThat(seen).hasSize(1000);
    }

    @Test
    void noncesAreNeverSmallNonNegativeNumbersAndDoNotRepeat() {
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            long nonce = CommitLog.newNonce();
            assertThat(nonce < 0 || nonce >= 1 << 16).isTrue();
            seen.add(nonce);
        }
        assertThat(seen).hasSize(1000);
    }
}
