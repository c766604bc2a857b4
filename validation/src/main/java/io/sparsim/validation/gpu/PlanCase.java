package io.sparsim.validation.gpu;

import java.util.regex.Pattern;

/** One entry of a GPU plan: a GEMM to time, or a device copy that measures sustained memory bandwidth. */
public sealed interface PlanCase permits GemmCase, CopyCase {
    /** Same identifier rule as measurement case ids, so a planned id can be a measured id unchanged. */
    Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:+-]*");

    String id();

    /** {@code gemm} or {@code copy}: the {@code op} field in the plan file. */
    String op();
}
