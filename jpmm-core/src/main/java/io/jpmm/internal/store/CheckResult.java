package io.jpmm.internal.store;

import java.nio.file.Path;
import java.util.List;

/**
 * What an integrity check found.
 *
 * @param file              the checked shelf file
 * @param problems          what is wrong, each naming the offset or variable; empty if nothing is
 * @param variables         how many variables were checked
 * @param checksumsVerified how many variables' data matched the checksum recorded at put time
 * @param formatVersion     the format version of the file
 */
public record CheckResult(Path file, List<String> problems, int variables, int checksumsVerified, int formatVersion) {
    public CheckResult {
        problems = List.copyOf(problems);
    }
}
