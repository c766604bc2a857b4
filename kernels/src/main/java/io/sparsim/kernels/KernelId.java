package io.sparsim.kernels;

/**
 * Sparsim's CPU kernels, one per weight storage format: the name the CPU model gives each kernel's estimate
 * and the one the kernels, the measurement harness and the comparison share, so none finds another by a
 * string of its own.
 */
public enum KernelId {
    /** Plain row-major weight: register-blocked GEMM, streaming GEMV at M = 1. */
    DENSE("cpu-dense"),
    /** Unstructured: sliced ELLPACK, 16 columns a slice, 16-bit row indices. */
    CSR("cpu-csr"),
    /** Unstructured: one presence bit per element plus the packed nonzero values. */
    BITMASK("cpu-bitmask"),
    /** Semi-structured 2:4 along the reduction dimension: 2 values and 2-bit positions per group of 4. */
    TWO_FOUR("cpu-nm"),
    /** 16×16 blocks; kept blocks stored dense with a block index list. */
    BLOCK16("cpu-block");

    private final String modelName;

    KernelId(String modelName) {
        this.modelName = modelName;
    }

    /** The name of this kernel's estimate in the CPU model's results ({@code KernelTime.kernel()}). */
    public String modelName() {
        return modelName;
    }
}
