package io.vidx.reader.kernel;

import java.lang.management.ManagementFactory;

/**
 * Chooses the kernels once per JVM: the Vector API ones when the {@code jdk.incubator.vector} module is
 * readable and the JIT is on, else the scalar twins. {@code -Dvidx.kernels=scalar|vector} forces a
 * choice (vector fails loudly if impossible). Like Lucene's VectorizationProvider, it says on stderr
 * how to enable the fast path when it falls back.
 */
public final class KernelProvider {
    private KernelProvider() {}

    private static final Kernels INSTANCE = choose();

    public static Kernels get() { return INSTANCE; }

    /** The scalar twin of {@link #get()}: same lane order, so the same bits. */
    public static Kernels scalarTwin() {
        return new ScalarKernels(vectorModulePresent() ? VectorLanes.count() : 1);
    }

    private static Kernels choose() {
        String forced = System.getProperty("vidx.kernels", "auto");
        boolean module = vectorModulePresent();
        switch (forced) {
            case "scalar" -> {
                return scalarTwin();
            }
            case "vector" -> {
                if (!module) throw new IllegalStateException("-Dvidx.kernels=vector but jdk.incubator.vector is not readable: run java with --add-modules jdk.incubator.vector");
                return VectorLanes.kernels();
            }
            case "auto" -> {
                if (!module) {
                    System.err.println("vidx: scalar kernels (jdk.incubator.vector is not readable; pass --add-modules jdk.incubator.vector for SIMD)");
                    return new ScalarKernels(1);
                }
                if (!jitEnabled()) return scalarTwin();
                return VectorLanes.kernels();
            }
            default -> throw new IllegalArgumentException("-Dvidx.kernels must be scalar, vector or auto, found '" + forced + "'");
        }
    }

    static boolean vectorModulePresent() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    private static boolean jitEnabled() {
        return ManagementFactory.getCompilationMXBean() != null
                && !ManagementFactory.getRuntimeMXBean().getInputArguments().contains("-Xint");
    }

    /** Touches Vector API classes only when the module is known to be present. */
    private static final class VectorLanes {
        static int count() { return VectorKernels.width(); }

        static Kernels kernels() { return new VectorKernels(); }
    }
}
