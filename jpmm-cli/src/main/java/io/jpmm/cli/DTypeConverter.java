package io.jpmm.cli;

import io.jpmm.DType;
import java.util.Arrays;
import java.util.Iterator;
import picocli.CommandLine.ITypeConverter;

/** Reads a dtype by its NumPy name ({@code float32}) on the command line. */
final class DTypeConverter implements ITypeConverter<DType> {
    @Override
    public DType convert(String value) {
        return DType.fromNumpyName(value);
    }

    /** The names, for help texts. */
    static final class Names implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(DType.values()).map(DType::numpyName).iterator();
        }
    }
}
