package io.jpmm.internal.store;

import java.util.List;

/** What the commit log records. Each record is one atomic change; see docs/format.md. */
sealed interface LogRecord {

    /** The whole catalog at one moment: the first record of every log half. */
    record Checkpoint(List<CatalogEntry> entries) implements LogRecord {
        public Checkpoint {
            entries = List.copyOf(entries);
        }
    }

    /** A variable was created or replaced. */
    record Put(CatalogEntry entry) implements LogRecord {
    }

    /** A variable was erased. */
    record Erase(String name) implements LogRecord {
    }

    /** A variable was renamed, replacing any variable that had the new name. */
    record Rename(String from, String to) implements LogRecord {
    }
}
