package io.sparsim.validation.gpu;

import io.sparsim.core.BadInputException;
import io.sparsim.core.Precision;
import io.sparsim.validation.measure.Format;
import io.sparsim.workloads.sparsity.SparsitySpec;
import io.sparsim.workloads.sparsity.WeightSparsity;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A planned GEMM: C[m×n] = A[m×k] · W[k×n] with W stored in {@code format} and run by {@code library}. The fields
 * are those of a measured case ({@link io.sparsim.validation.measure.MeasuredCase}) less the timings, plus the
 * library asked for and the model layers the shape comes from.
 *
 * @param dtype     element type of A and W: fp32, bf16, fp16 or fp8 (e4m3; the product is written in bf16)
 * @param precision math precision; equal to dtype, or tf32 for an fp32 case run on tensor cores
 * @param sparsity  the weight sparsity spec: {@code dense}, {@code 2:4} or {@code unstructured:F}
 * @param layers    where the shape comes from, e.g. {@code llama2-7b.gate}; may be empty
 */
public record GemmCase(String id, int m, int n, int k, Precision dtype, Precision precision, String sparsity,
                       Format format, GpuLibrary library, List<String> layers) implements PlanCase {

    /** Element types the runner can generate and multiply. */
    public static final Set<Precision> DTYPES = Set.of(Precision.FP32, Precision.BF16, Precision.FP16, Precision.FP8);
    /** Largest dimension accepted; above it a single operand no longer fits any bundled GPU's memory. */
    public static final int MAX_DIM = 1 << 20;

    public GemmCase {
        if (id == null || !ID.matcher(id).matches()) {
            throw new BadInputException("id", "an identifier of letters, digits and ._:+-", id);
        }
        dim("m", m);
        dim("n", n);
        dim("k", k);
        if (dtype == null || !DTYPES.contains(dtype)) {
            throw new BadInputException("dtype", "one of fp32, bf16, fp16, fp8", dtype);
        }
        if (precision == null) {
            precision = dtype;
        }
        if (precision != dtype && !(dtype == Precision.FP32 && precision == Precision.TF32)) {
            throw new BadInputException("precision", "the dtype (" + dtype + "), or tf32 for an fp32 case", precision);
        }
        if (format == null || format == Format.BITMASK || format == Format.BLOCK16) {
            throw new BadInputException("format", "a format the GPU runner has kernels for: dense, 2:4, csr", format);
        }
        if (library == null || library.format() != format) {
            throw new BadInputException("library", "one of " + GpuLibrary.idsFor(format) + " for format " + format,
                    library);
        }
        SparsitySpec.parseWeight(sparsity);
        switch (format) {
            case DENSE -> {
                if (!sparsity.equals("dense")) {
                    throw new BadInputException("sparsity", "'dense' for format dense", sparsity);
                }
            }
            case TWO_FOUR -> {
                if (!sparsity.equals("2:4")) {
                    throw new BadInputException("sparsity", "'2:4' for format 2:4", sparsity);
                }
                if (k % 4 != 0) {
                    throw new BadInputException("k", "a multiple of 4 (2:4 groups run along k)", k);
                }
                if (dtype == Precision.FP32) {
                    throw new BadInputException("dtype", "bf16, fp16 or fp8 for 2:4 (no fp32 2:4 kernels)", dtype);
                }
                if (dtype == Precision.FP8 && library != GpuLibrary.CUSPARSELT) {
                    throw new BadInputException("library", "cusparselt for fp8 2:4 (PyTorch's CUTLASS path has "
                            + "no fp8)", library);
                }
            }
            case CSR -> {
                if (!sparsity.startsWith("unstructured:") || unstructuredFraction(sparsity) <= 0) {
                    throw new BadInputException("sparsity", "'unstructured:F' with 0 < F < 1 for format csr",
                            sparsity);
                }
                if (dtype == Precision.FP8) {
                    throw new BadInputException("dtype", "fp32, bf16 or fp16 for csr (cuSPARSE has no fp8 SpMM)",
                            dtype);
                }
            }
            default -> throw new IllegalStateException(format.id());
        }
        if (layers == null) {
            layers = List.of();
        }
        for (int i = 0; i < layers.size(); i++) {
            String l = layers.get(i);
            if (l == null || l.isBlank()) {
                throw new BadInputException("layers[" + i + "]", "a non-empty layer name such as 'llama2-7b.q'", l);
            }
        }
        layers = List.copyOf(layers);
    }

    /**
     * A case with its conventional id, e.g. {@code gemm-m16-k4096-n11008-csr-u0.7-bf16-cusparse}.
     *
     * @param zeros fraction of zero weights for csr; ignored for dense and 2:4
     */
    public static GemmCase of(int m, int k, int n, Precision dtype, Format format, double zeros, GpuLibrary library,
            List<String> layers) {
        if (format == Format.CSR && !(zeros > 0 && zeros < 1)) {
            throw new BadInputException("sparsity", "a fraction of zeros in (0, 1) for format csr", zeros);
        }
        String spec = switch (format) {
            case DENSE -> "dense";
            case TWO_FOUR -> "2:4";
            default -> WeightSparsity.unstructured(zeros).toString();
        };
        String pattern = switch (format) {
            case DENSE -> "dense";
            case TWO_FOUR -> "2of4";
            default -> "csr-u" + spec.substring("unstructured:".length());
        };
        String id = String.format(Locale.ROOT, "gemm-m%d-k%d-n%d-%s-%s-%s", m, k, n, pattern, dtype.id(),
                library.id());
        return new GemmCase(id, m, n, k, dtype, dtype, spec, format, library, layers);
    }

    @Override
    public String op() {
        return "gemm";
    }

    /** Fraction of zero weights the spec asks for: 0 dense, 0.5 for 2:4, F for unstructured:F. */
    public double zeroFraction() {
        return switch (format) {
            case DENSE -> 0;
            case TWO_FOUR -> 0.5;
            default -> unstructuredFraction(sparsity);
        };
    }

    /** Multiply-adds of the dense product times 2, the basis of dense-equivalent FLOP/s. */
    public double denseFlops() {
        return 2.0 * m * n * k;
    }

    private static double unstructuredFraction(String spec) {
        return Double.parseDouble(spec.substring("unstructured:".length()));
    }

    private static void dim(String field, int v) {
        if (v < 1 || v > MAX_DIM) {
            throw new BadInputException(field, "an integer in [1, " + MAX_DIM + "]", v);
        }
    }
}
