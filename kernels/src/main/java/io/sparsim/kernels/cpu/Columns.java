package io.sparsim.kernels.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The inner loop the unstructured kernels share at M ≥ 2: for one column, over a list of nonzeros
 * given as Aᵀ offsets {@code pos[t]} and values {@code vals[v0 + t]}, accumulate
 * {@code acc += at[pos .. pos+16·V) * val} into {@code buf[bo ..)}. With 1 or 2 vectors per nonzero
 * two interleaved accumulator sets hide the 4-cycle FMA latency.
 */
final class Columns {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_512;

    private Columns() {
    }

    static void column1(float[] buf, int bo, boolean first, int[] pos, float[] vals, int v0, int count, float[] at) {
        FloatVector x = first ? FloatVector.zero(S) : FloatVector.fromArray(S, buf, bo);
        FloatVector y = FloatVector.zero(S);
        int t = 0;
        for (; t + 1 < count; t += 2) {
            x = FloatVector.fromArray(S, at, pos[t]).fma(FloatVector.broadcast(S, vals[v0 + t]), x);
            y = FloatVector.fromArray(S, at, pos[t + 1]).fma(FloatVector.broadcast(S, vals[v0 + t + 1]), y);
        }
        if (t < count) {
            x = FloatVector.fromArray(S, at, pos[t]).fma(FloatVector.broadcast(S, vals[v0 + t]), x);
        }
        x.add(y).intoArray(buf, bo);
    }

    static void column2(float[] buf, int bo, boolean first, int[] pos, float[] vals, int v0, int count, float[] at) {
        FloatVector z = FloatVector.zero(S);
        FloatVector x0 = first ? z : FloatVector.fromArray(S, buf, bo);
        FloatVector x1 = first ? z : FloatVector.fromArray(S, buf, bo + 16);
        FloatVector y0 = z;
        FloatVector y1 = z;
        int t = 0;
        for (; t + 1 < count; t += 2) {
            int o = pos[t];
            FloatVector v = FloatVector.broadcast(S, vals[v0 + t]);
            x0 = FloatVector.fromArray(S, at, o).fma(v, x0);
            x1 = FloatVector.fromArray(S, at, o + 16).fma(v, x1);
            int r = pos[t + 1];
            FloatVector u = FloatVector.broadcast(S, vals[v0 + t + 1]);
            y0 = FloatVector.fromArray(S, at, r).fma(u, y0);
            y1 = FloatVector.fromArray(S, at, r + 16).fma(u, y1);
        }
        if (t < count) {
            int o = pos[t];
            FloatVector v = FloatVector.broadcast(S, vals[v0 + t]);
            x0 = FloatVector.fromArray(S, at, o).fma(v, x0);
            x1 = FloatVector.fromArray(S, at, o + 16).fma(v, x1);
        }
        x0.add(y0).intoArray(buf, bo);
        x1.add(y1).intoArray(buf, bo + 16);
    }

    /**
     * Four accumulators already give four independent FMA chains per nonzero; a second interleaved
     * set measured slower (more loads in flight for the same L1 ports), so this one is not unrolled.
     */
    static void column4(float[] buf, int bo, boolean first, int[] pos, float[] vals, int v0, int count, float[] at) {
        FloatVector z = FloatVector.zero(S);
        FloatVector x0 = first ? z : FloatVector.fromArray(S, buf, bo);
        FloatVector x1 = first ? z : FloatVector.fromArray(S, buf, bo + 16);
        FloatVector x2 = first ? z : FloatVector.fromArray(S, buf, bo + 32);
        FloatVector x3 = first ? z : FloatVector.fromArray(S, buf, bo + 48);
        for (int t = 0; t < count; t++) {
            int o = pos[t];
            FloatVector v = FloatVector.broadcast(S, vals[v0 + t]);
            x0 = FloatVector.fromArray(S, at, o).fma(v, x0);
            x1 = FloatVector.fromArray(S, at, o + 16).fma(v, x1);
            x2 = FloatVector.fromArray(S, at, o + 32).fma(v, x2);
            x3 = FloatVector.fromArray(S, at, o + 48).fma(v, x3);
        }
        x0.intoArray(buf, bo);
        x1.intoArray(buf, bo + 16);
        x2.intoArray(buf, bo + 32);
        x3.intoArray(buf, bo + 48);
    }

    /** Stores a 16-lane result into row {@code row} of C[·×n] at column j0; the last slice may be partial. */
    static void storeSlice(FloatVector v, float[] c, int row, int j0, int n, float[] tmp) {
        if (j0 + 16 <= n) {
            v.intoArray(c, row * n + j0);
        } else {
            v.intoArray(tmp, 0);
            System.arraycopy(tmp, 0, c, row * n + j0, n - j0);
        }
    }
}
