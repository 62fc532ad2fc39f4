/** NumPy interchange for jpmm: {@code .npy} files in and out of shelves. */
module io.jpmm.numpy {
    requires transitive io.jpmm;

    exports io.jpmm.numpy;
}
