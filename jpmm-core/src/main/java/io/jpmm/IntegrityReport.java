package io.jpmm;

import java.nio.file.Path;
import java.util.List;

/**
 * The result of {@link Shelf#check()}: every problem found, in words that name the file, the offset
 * or the variable.
 *
 * @param file              the checked shelf file
 * @param formatVersion     the version of the shelf file format (docs/format.md)
 * @param problems          what is wrong; empty if nothing is
 * @param variables         how many variables were checked
 * @param checksumsVerified how many variables' data matched the checksum recorded when they were put
 */
public record IntegrityReport(Path file, int formatVersion, List<String> problems, int variables, int checksumsVerified) {

    public IntegrityReport {
        problems = List.copyOf(problems);
    }

    /** Whether the shelf passed every check. */
    public boolean ok() {
        return problems.isEmpty();
    }

    @Override
    public String toString() {
        String summary = file + " (format version " + formatVersion + "): " + variables + " variables, " + checksumsVerified + " data checksums verified, ";
        return ok() ? summary + "no problems" : summary + problems.size() + " problem(s):\n  " + String.join("\n  ", problems);
    }
}
