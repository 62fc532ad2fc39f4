package io.jpmm;

import io.jpmm.internal.store.StoredDType;
import io.jpmm.internal.store.StoredKind;

/** The API's dtypes and kinds as the file format codes them, and back: matched by name. */
final class StoredTypes {

    private StoredTypes() {
    }

    static StoredDType stored(DType dtype) {
        return StoredDType.valueOf(dtype.name());
    }

    static DType dtype(StoredDType stored) {
        return DType.valueOf(stored.name());
    }

    static StoredKind stored(VariableKind kind) {
        return StoredKind.valueOf(kind.name());
    }

    static VariableKind kind(StoredKind stored) {
        return VariableKind.valueOf(stored.name());
    }
}
