package io.sparsim.kernels.cpu;

/** Per-thread work buffers of one multiply call (see {@link KernelPool#parallelFor(int, java.util.function.Supplier, java.util.function.ObjIntConsumer)}). */
final class Scratch {
    final float[] f;
    final int[] i;

    Scratch(int floats, int ints) {
        this.f = new float[floats];
        this.i = new int[ints];
    }
}
