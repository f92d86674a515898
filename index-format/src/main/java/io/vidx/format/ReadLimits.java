package io.vidx.format;

/**
 * Caps a reader applies before it trusts a size field with memory or time. Legitimate files far
 * exceed nothing here by default; raise them for extreme indexes (safetensors#668 is the cautionary tale
 * of a cap set too tight and fixed in code).
 *
 * @param maxMetadataBytes      largest metadata section (cell directory, payload index, codebooks) open will read
 * @param maxPayloadBlockBytes  largest decompressed payload block a read will allocate
 */
public record ReadLimits(long maxMetadataBytes, long maxPayloadBlockBytes) {
    public static final ReadLimits DEFAULT = new ReadLimits(1L << 30, 64L << 20);

    public ReadLimits {
        if (maxMetadataBytes < 1024 || maxPayloadBlockBytes < 1024) throw new IllegalArgumentException("limits below 1 KiB");
    }
}
