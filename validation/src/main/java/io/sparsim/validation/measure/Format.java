package io.sparsim.validation.measure;

import io.sparsim.core.BadInputException;
import io.sparsim.kernels.KernelId;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a (sparse) weight operand is stored by the kernel that was timed. */
public enum Format {
    /** Plain row-major values. */
    DENSE("dense"),
    /** Unstructured: values plus explicit compact row indices (CSR family; Sparsim's CPU kernel uses sliced ELL). */
    CSR("csr"),
    /** Unstructured: one presence bit per element plus the packed nonzero values. */
    BITMASK("bitmask"),
    /** Semi-structured 2:4 along the reduction dimension: 2 values and 2-bit positions per group of 4. */
    TWO_FOUR("2:4"),
    /** 16×16 blocks; nonzero blocks stored dense with a block index list. */
    BLOCK16("block16");

    private final String id;

    Format(String id) {
        this.id = id;
    }

    /** The CPU kernel that runs this format. */
    public KernelId kernel() {
        return switch (this) {
            case DENSE -> KernelId.DENSE;
            case CSR -> KernelId.CSR;
            case BITMASK -> KernelId.BITMASK;
            case TWO_FOUR -> KernelId.TWO_FOUR;
            case BLOCK16 -> KernelId.BLOCK16;
        };
    }

    /** The identifier used in files and on the command line. */
    public String id() {
        return id;
    }

    /** Parses an identifier; {@code field} names the input for the error message. */
    public static Format parse(String text, String field) {
        if (text != null) {
            String t = text.trim().toLowerCase(Locale.ROOT);
            for (Format f : values()) {
                if (f.id.equals(t)) {
                    return f;
                }
            }
        }
        throw new BadInputException(field, "one of " + ids(), text);
    }

    /** All identifiers, comma separated, for error messages. */
    public static String ids() {
        return Arrays.stream(values()).map(Format::id).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return id;
    }
}
