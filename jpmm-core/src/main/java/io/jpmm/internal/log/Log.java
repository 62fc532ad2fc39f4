package io.jpmm.internal.log;

import java.io.PrintStream;
import java.lang.System.Logger.Level;
import java.util.function.Supplier;

/**
 * jpmm's logging. Without {@code JPMM_DEBUG} every message goes to {@link System.Logger} at its own
 * level, so applications route it like any other library's. With {@code JPMM_DEBUG=0..3} (the
 * counterpart of PyMM's {@code PYMM_DEBUG}) jpmm prints to standard error itself, so a user can see
 * what a shelf does without configuring a logging framework:
 * 0 warnings, 1 shelf lifecycle (open, medium, recovery), 2 commits and checkpoints, 3 every flush.
 */
public final class Log {
    private static final System.Logger LOGGER = System.getLogger("io.jpmm");
    private static final int DEBUG_VERBOSITY = verbosityFrom(System.getenv("JPMM_DEBUG"));
    private static final PrintStream CONSOLE = System.err;

    private Log() {
    }

    /** Something the user should know about: a fallback, a repaired shelf. */
    public static void warning(Supplier<String> message) {
        log(0, Level.WARNING, message);
    }

    /** Shelf lifecycle: opened, created, recovered, which medium. DEBUG for System.Logger: a library stays quiet. */
    public static void info(Supplier<String> message) {
        log(1, Level.DEBUG, message);
    }

    /** Commits, erases, checkpoints. */
    public static void debug(Supplier<String> message) {
        log(2, Level.TRACE, message);
    }

    /** Every flush and mapping. */
    public static void trace(Supplier<String> message) {
        log(3, Level.TRACE, message);
    }

    private static void log(int verbosity, Level level, Supplier<String> message) {
        if (DEBUG_VERBOSITY >= 0) {
            if (verbosity <= DEBUG_VERBOSITY) {
                CONSOLE.println("jpmm[" + verbosity + "] " + message.get());
            }
        } else if (LOGGER.isLoggable(level)) {
            LOGGER.log(level, message);
        }
    }

    /** Returns -1 (use System.Logger) unless the variable holds a level 0..3; larger values mean 3. */
    static int verbosityFrom(String value) {
        if (value == null || value.isBlank()) {
            return -1;
        }
        try {
            return Math.clamp(Integer.parseInt(value.strip()), 0, 3);
        } catch (NumberFormatException notANumber) {
            return -1;
        }
    }
}
