package io.sparsim.validation.gpu;

import io.sparsim.core.BadInputException;
import io.sparsim.validation.measure.Format;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The vendor library a planned GEMM case asks the runner to use (through PyTorch); each serves one format. */
public enum GpuLibrary {
    /** Dense GEMM: {@code torch.nn.functional.linear} (cuBLAS), fp8 through {@code torch._scaled_mm} (cuBLASLt). */
    CUBLAS("cublas", Format.DENSE),
    /** 2:4 on the sparse tensor cores through cuSPARSELt ({@code SparseSemiStructuredTensorCUSPARSELT}). */
    CUSPARSELT("cusparselt", Format.TWO_FOUR),
    /** 2:4 through PyTorch's CUTLASS kernels ({@code SparseSemiStructuredTensorCUTLASS}). */
    CUTLASS("cutlass", Format.TWO_FOUR),
    /** Unstructured CSR SpMM through cuSPARSE ({@code torch.sparse_csr} times a dense matrix). */
    CUSPARSE("cusparse", Format.CSR);

    private final String id;
    private final Format format;

    GpuLibrary(String id, Format format) {
        this.id = id;
        this.format = format;
    }

    public String id() {
        return id;
    }

    /** The one weight format this library runs. */
    public Format format() {
        return format;
    }

    public static GpuLibrary parse(String text, String field) {
        if (text != null) {
            String t = text.trim().toLowerCase(Locale.ROOT);
            for (GpuLibrary l : values()) {
                if (l.id.equals(t)) {
                    return l;
                }
            }
        }
        throw new BadInputException(field, "one of " + ids(), text);
    }

    /** The libraries that run {@code format}, comma separated, for error messages. */
    static String idsFor(Format format) {
        return Arrays.stream(values()).filter(l -> l.format == format).map(GpuLibrary::id)
                .collect(Collectors.joining(", "));
    }

    public static String ids() {
        return Arrays.stream(values()).map(GpuLibrary::id).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return id;
    }
}
