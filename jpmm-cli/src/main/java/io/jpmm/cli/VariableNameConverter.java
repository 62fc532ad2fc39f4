package io.jpmm.cli;

import io.jpmm.Shelf;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A variable name on the command line, checked by the library's rule: a bad one is bad usage. */
final class VariableNameConverter implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
        try {
            return Shelf.checkVariableName(value);
        } catch (IllegalArgumentException invalid) {
            throw new TypeConversionException(invalid.getMessage());
        }
    }
}
