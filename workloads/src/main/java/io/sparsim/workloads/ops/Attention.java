package io.sparsim.workloads.ops;

import io.sparsim.core.Precision;
import java.util.Objects;

/**
 * Scaled dot-product attention, flash-style (scores never stored): {@code queryLen} queries per
 * sequence against {@code kvLen} keys, grouped-query with {@code heads / kvHeads} queries per KV head.
 *
 * <p>FLOPs count the two products only, QK^T and PV: {@code 4·batch·heads·headDim·pairs}, where
 * pairs is the number of (query, key) pairs attended. Causal: the queries are the last
 * {@code queryLen} of {@code kvLen} positions, and query i (0-based) attends {@code kvLen-queryLen+i+1}
 * keys (prefill: i+1). Not causal: every query attends all kvLen keys (decode: the new token
 * attends kvLen keys, itself included). Softmax is left out of the count.
 *
 * <p>Pass FORWARD is the forward; DGRAD the whole backward (dQ, dK, dV): 2x forward FLOPs, four
 * products in place of two (FlashAttention's recomputation of QK^T is left out).
 *
 * @param denseHeads query heads with nothing omitted; {@link #denseFlops()} uses it
 */
public record Attention(String name, Pass pass, long batch, int heads, int kvHeads, int headDim, long queryLen,
                        long kvLen, boolean causal, Precision precision, int denseHeads) implements Op {

    public Attention {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(pass, "pass");
        Objects.requireNonNull(precision, "precision");
        if (pass == Pass.WGRAD) {
            throw new IllegalArgumentException("attention has no weights: pass FORWARD or DGRAD");
        }
        if (batch <= 0 || heads <= 0 || kvHeads <= 0 || headDim <= 0 || queryLen <= 0 || kvLen <= 0) {
            throw new IllegalArgumentException("attention sizes must be positive: " + batch + "," + heads + ","
                    + kvHeads + "," + headDim + "," + queryLen + "," + kvLen);
        }
        if (queryLen > kvLen) {
            throw new IllegalArgumentException("queryLen " + queryLen + " > kvLen " + kvLen);
        }
        if (denseHeads < heads) {
            throw new IllegalArgumentException("denseHeads " + denseHeads + " < heads " + heads);
        }
    }

    /** (query, key) pairs attended per sequence and head. */
    public double attendedPairs() {
        if (!causal) {
            return (double) queryLen * kvLen;
        }
        double q = queryLen;
        return q * (kvLen - queryLen) + q * (q + 1) / 2;
    }

    private double passFactor() {
        return pass == Pass.FORWARD ? 1 : 2;
    }

    @Override
    public double flops() {
        return passFactor() * 4.0 * batch * heads * headDim * attendedPairs();
    }

    @Override
    public double denseFlops() {
        return passFactor() * 4.0 * batch * denseHeads * headDim * attendedPairs();
    }

    /**
     * Forward: read Q, K, V, write O. Backward: read Q, K, V, O, dO, write dQ, dK, dV. K and V are
     * the KV cache in decode.
     */
    @Override
    public double minBytes() {
        double q = (double) batch * queryLen * heads * headDim;
        double kv = (double) batch * kvLen * kvHeads * headDim;
        double elements = pass == Pass.FORWARD ? 2 * q + 2 * kv : 4 * q + 4 * kv;
        return elements * precision.bytes();
    }
}
