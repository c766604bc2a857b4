package io.sparsim.kernels.cpu;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * {@code FloatVector.expand(VectorMask)} (vexpandps) where the running JVM has it. The Vector API gained it in
 * JDK 19, after the Java 17 this project compiles against, so it is bound at run time through a constant method
 * handle, which C2 inlines like a direct call: the intrinsic and the vectors' scalar replacement survive, and the
 * bitmask kernel's expand loop ran as fast this way as compiled against JDK 25 directly.
 */
final class VectorExpand {
    /** {@code (FloatVector, VectorMask) -> FloatVector}, or null on a JVM without {@code expand}. */
    static final MethodHandle EXPAND = find();

    private VectorExpand() {
    }

    /** Whether this JVM's Vector API has {@code expand}. */
    static boolean available() {
        return EXPAND != null;
    }

    private static MethodHandle find() {
        try {
            return MethodHandles.publicLookup().findVirtual(FloatVector.class, "expand",
                    MethodType.methodType(FloatVector.class, VectorMask.class));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return null;
        }
    }
}
