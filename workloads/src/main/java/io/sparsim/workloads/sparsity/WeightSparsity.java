package io.sparsim.workloads.sparsity;

import io.sparsim.core.BadInputException;
import io.sparsim.core.Precision;

/**
 * How a weight matrix is sparsified, independent of its shape.
 *
 * <p>Shapes are given as {@code torch.nn.Linear} stores the weight: {@code rows} = output
 * features, {@code cols} = input features. N:M groups run along a row, i.e. along the reduction
 * dimension of the forward GEMM, as in NVIDIA's 2:4 sparse tensor cores.
 *
 * <p>{@link #toString()} is the canonical pattern text accepted by {@link SparsitySpec#parse}.
 */
public sealed interface WeightSparsity
        permits WeightSparsity.Dense, WeightSparsity.Unstructured, WeightSparsity.NM, WeightSparsity.Block {

    Dense DENSE = new Dense();

    /** A fraction {@code zeros} of weights zero anywhere; {@link #DENSE} when none is. */
    static WeightSparsity unstructured(double zeros) {
        return zeros == 0 ? DENSE : new Unstructured(zeros);
    }

    /** Square {@code side x side} zero blocks, a fraction {@code zeros} of them; {@link #DENSE} when none is. */
    static WeightSparsity block(int side, double zeros) {
        return zeros == 0 ? DENSE : new Block(side, side, zeros);
    }

    /** Fraction of weights kept (nonzero), in (0, 1]. */
    double density();

    /** Fraction of weights that are zero. */
    default double sparsity() {
        return 1 - density();
    }

    /** Nonzero values kept in a rows x cols weight. */
    long keptValues(long rows, long cols);

    /** Bytes of the most compact index metadata for a rows x cols weight. */
    long metadataBytes(long rows, long cols);

    /** Bytes to store or stream the weight compressed: kept values plus metadata. */
    default long compressedBytes(long rows, long cols, Precision precision) {
        return keptValues(rows, cols) * precision.bytes() + metadataBytes(rows, cols);
    }

    /** True for {@link Dense}: every weight kept, no metadata. */
    default boolean isDense() {
        return this instanceof Dense;
    }

    /** Every weight kept. */
    record Dense() implements WeightSparsity {
        @Override
        public double density() {
            return 1;
        }

        @Override
        public long keptValues(long rows, long cols) {
            return rows * cols;
        }

        @Override
        public long metadataBytes(long rows, long cols) {
            return 0;
        }

        @Override
        public String toString() {
            return "dense";
        }
    }

    /**
     * A fraction {@code sparsity} of weights is zero, anywhere. Metadata: the smaller of a bitmask (1 bit
     * per element) and a 16-bit column index per kept value (smaller above 15/16 = 93.75% sparsity), so
     * that no real format (CSR, Flash-LLM's tiled-CSL) can move fewer bytes than this minimum.
     */
    record Unstructured(double sparsity) implements WeightSparsity {
        public Unstructured {
            if (!(sparsity >= 0 && sparsity < 1)) {
                throw new BadInputException("sparsity", "a sparsity fraction in [0, 1) in 'unstructured:F'",
                        Numbers.format(sparsity));
            }
        }

        @Override
        public double density() {
            return 1 - sparsity;
        }

        @Override
        public long keptValues(long rows, long cols) {
            return Math.round(rows * cols * density());
        }

        @Override
        public long metadataBytes(long rows, long cols) {
            return Math.min(ceilDiv(rows * cols, 8), 2 * keptValues(rows, cols));
        }

        @Override
        public String toString() {
            return "unstructured:" + Numbers.format(sparsity);
        }
    }

    /**
     * Semi-structured: {@code n} of every {@code m} consecutive weights along a row are kept (2:4
     * keeps half). Metadata: ceil(log2 m) bits per kept value, i.e. 2 bits for 2:4 as in NVIDIA's
     * compressed format.
     */
    record NM(int n, int m) implements WeightSparsity {
        public NM {
            if (!(n > 0 && n < m)) {
                throw new BadInputException("sparsity", "0 < N < M in 'N:M' (keep N of every M weights)", n + ":" + m);
            }
        }

        @Override
        public double density() {
            return (double) n / m;
        }

        @Override
        public long keptValues(long rows, long cols) {
            // A row shorter than a whole number of groups keeps up to n of its tail.
            long perRow = (cols / m) * n + Math.min(cols % m, n);
            return rows * perRow;
        }

        /** Bits of index per kept value: ceil(log2 m). */
        public int indexBits() {
            return 32 - Integer.numberOfLeadingZeros(m - 1);
        }

        /**
         * The most compact index: ceil(log2 m) bits per kept value, unless a wide group (m above 2^16) makes
         * the unstructured minimum (a bitmask, or a 16-bit column index per kept value) smaller; a kernel
         * that stores such a pattern as tiled CSR must not move fewer bytes than this floor.
         */
        @Override
        public long metadataBytes(long rows, long cols) {
            long kept = keptValues(rows, cols);
            return Math.min(ceilDiv(kept * indexBits(), 8), Math.min(ceilDiv(rows * cols, 8), 2 * kept));
        }

        @Override
        public String toString() {
            return n + ":" + m;
        }
    }

    /**
     * Whole {@code blockRows x blockCols} tiles are zero; a fraction {@code sparsity} of tiles is
     * dropped. Metadata: one 4-byte index per kept block. Edge tiles of a shape that the block does
     * not divide count pro rata.
     */
    record Block(int blockRows, int blockCols, double sparsity) implements WeightSparsity {
        public Block {
            if (blockRows <= 0 || blockCols <= 0) {
                throw new BadInputException("sparsity", "positive block sizes R and C in 'block:RxC:F'",
                        blockRows + "x" + blockCols);
            }
            if (!(sparsity >= 0 && sparsity < 1)) {
                throw new BadInputException("sparsity", "a sparsity fraction in [0, 1) in 'block:RxC:F'",
                        Numbers.format(sparsity));
            }
        }

        @Override
        public double density() {
            return 1 - sparsity;
        }

        /** Tiles covering a rows x cols weight. */
        public long blocks(long rows, long cols) {
            return ceilDiv(rows, blockRows) * ceilDiv(cols, blockCols);
        }

        /** Tiles kept. */
        public long keptBlocks(long rows, long cols) {
            return Math.round(blocks(rows, cols) * density());
        }

        @Override
        public long keptValues(long rows, long cols) {
            long total = blocks(rows, cols);
            long kept = keptBlocks(rows, cols);
            long elements = rows * cols;
            if (elements % total == 0) {
                return elements / total * kept;
            }
            return Math.round((double) elements * kept / total);
        }

        @Override
        public long metadataBytes(long rows, long cols) {
            return 4 * keptBlocks(rows, cols);
        }

        @Override
        public String toString() {
            return "block:" + blockRows + "x" + blockCols + ":" + Numbers.format(sparsity);
        }
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
