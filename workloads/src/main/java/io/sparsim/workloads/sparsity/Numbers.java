package io.sparsim.workloads.sparsity;

import java.math.BigDecimal;

/** Number formatting shared by the spec records: shortest text that parses back to the same double. */
final class Numbers {
    private Numbers() {
    }

    static String format(double value) {
        if (value == 0) {
            return "0";
        }
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return Double.toString(value);
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
