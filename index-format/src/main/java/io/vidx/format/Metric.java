package io.vidx.format;

/** Distance of an index. Stored as its {@link #code} in the PARAMS section. */
public enum Metric {
    /** Squared Euclidean distance; smaller is nearer. */
    L2(0),
    /** Inner product; larger is nearer (angular = inner product on unit vectors). */
    IP(1);

    public final int code;

    Metric(int code) { this.code = code; }

    public static Metric fromCode(int code) {
        for (Metric m : values()) if (m.code == code) return m;
        return null;
    }

    public static Metric parse(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "l2", "euclidean" -> L2;
            case "ip", "dot", "inner_product", "angular", "cosine" -> IP;
            default -> throw new IllegalArgumentException("unknown metric '" + name + "' (expected l2 or ip)");
        };
    }
}
