package io.jpmm.cli;

import io.jpmm.DType;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a dtype as NumPy users spell it ({@code float32}, {@code f4}, {@code <f4}, {@code single}). */
final class DTypeConverter implements ITypeConverter<DType> {
    @Override
    public DType convert(String value) {
        try {
            return DType.parse(value);
        } catch (IllegalArgumentException unknown) {
            throw new TypeConversionException(unknown.getMessage());
        }
    }
}
