/** safetensors interchange for jpmm: tensor files in and out of shelves. */
module io.jpmm.safetensors {
    requires transitive io.jpmm;
    requires tools.jackson.databind;

    exports io.jpmm.safetensors;
}
