package io.jpmm;

import io.jpmm.internal.medium.Medium;

/** Test access to {@link Shelf#open(String, ShelfOptions, Medium)}, the seam of the simulated media. */
public final class ShelvesOnMedium {

    private ShelvesOnMedium() {
    }

    public static Shelf open(String name, ShelfOptions options, Medium medium) {
        return Shelf.open(name, options, medium);
    }
}
