package io.sparsim.kernels.cpu;

import io.sparsim.core.BadInputException;

/** Operand checks shared by the kernels. */
final class Shapes {
    private Shapes() {
    }

    static void checkWeight(float[] w, int k, int n) {
        if (k <= 0) {
            throw new BadInputException("k", "a positive reduction dimension", k);
        }
        if (n <= 0) {
            throw new BadInputException("n", "a positive number of output columns", n);
        }
        if ((long) k * n > Integer.MAX_VALUE - 1024L * 1024) {
            throw new BadInputException("k*n", "at most about 2^31 weights (one Java array)", (long) k * n);
        }
        checkLength("w", w, (long) k * n);
    }

    static void checkLength(String name, float[] x, long need) {
        if (x == null || x.length < need) {
            throw new BadInputException(name, "an array of at least " + need + " floats",
                    x == null ? "null" : x.length + " floats");
        }
    }

    static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
