package io.jpmm.internal.log;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LogTest {
    @Test
    void jpmmDebugSetsAVerbosityFromZeroToThree() {
        assertThat(Log.verbosityFrom(null)).isEqualTo(-1);
        assertThat(Log.verbosityFrom("")).isEqualTo(-1);
        assertThat(Log.verbosityFrom("yes")).isEqualTo(-1);
        assertThat(Log.verbosityFrom("0")).isZero();
        assertThat(Log.verbosityFrom(" 2 ")).isEqualTo(2);
        assertThat(Log.verbosityFrom("9")).isEqualTo(3);
        assertThat(Log.verbosityFrom("-1")).isZero();
    }
}
