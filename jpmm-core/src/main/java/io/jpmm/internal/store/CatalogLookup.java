package io.jpmm.internal.store;

import java.util.List;
import java.util.Optional;

/** Variables by name: the committed catalog, or the catalog as a transaction's staged changes leave it. */
interface CatalogLookup {
    Optional<CatalogEntry> find(String name);

    /** The entries a put, erase or rename takes out of this state: replaced, erased, or renamed over. */
    default List<CatalogEntry> displacedByChange(LogRecord change) {
        return switch (change) {
            case LogRecord.Put(CatalogEntry entry) -> find(entry.name()).stream().toList();
            case LogRecord.Erase(String name) -> find(name).stream().toList();
            case LogRecord.Rename(String from, String to) -> from.equals(to) ? List.of() : find(to).stream().toList();
            default -> throw new IllegalArgumentException("not a put, erase or rename: " + change);
        };
    }

    /** Why a put, erase or rename cannot follow this state, or null if it can. */
    default String inconsistencyOfChange(LogRecord change) {
        return switch (change) {
            case LogRecord.Put put -> null;
            case LogRecord.Erase(String name) -> find(name).isPresent() ? null
                    : "erases \"" + name + "\", which does not exist";
            case LogRecord.Rename(String from, String to) -> from.equals(to) ? "renames \"" + from + "\" to itself"
                    : find(from).isPresent() ? null : "renames \"" + from + "\", which does not exist";
            default -> throw new IllegalArgumentException("not a put, erase or rename: " + change);
        };
    }
}
