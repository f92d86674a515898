package io.vidx.indexer.input;

/**
 * The on-disk type of one vector component: its width and whether it can hold non-finite values (only
 * the floating types are checked for NaN and infinities; integers always convert to finite floats).
 */
enum ElementType {
    F32(4, "float32", true),
    F64(8, "float64", true),
    U8(1, "uint8", false),
    I32(4, "int32", false);

    final int size;
    final String label;
    final boolean floating;

    ElementType(int size, String label, boolean floating) {
        this.size = size;
        this.label = label;
        this.floating = floating;
    }
}
