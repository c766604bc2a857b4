package io.sparsim.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Numeric precision of tensor elements; the one shared definition of element sizes. */
public enum Precision {
    FP32("fp32", 4),
    TF32("tf32", 4),
    BF16("bf16", 2),
    FP16("fp16", 2),
    FP8("fp8", 1),
    INT8("int8", 1);

    private final String id;
    private final int bytes;

    Precision(String id, int bytes) {
        this.id = id;
        this.bytes = bytes;
    }

    /** The lower-case id used in files and flags, e.g. {@code bf16}. */
    public String id() {
        return id;
    }

    /** Storage size of one element in bytes. */
    public int bytes() {
        return bytes;
    }

    /** Comma-separated list of accepted ids, for error messages. */
    public static String accepted() {
        return Arrays.stream(values()).map(Precision::id).collect(Collectors.joining("|"));
    }

    /**
     * Parses an id such as {@code bf16}.
     *
     * @param field the field path or flag the value came from, named in the error
     * @throws BadInputException naming the field and the accepted ids
     */
    public static Precision parse(String text, String field) {
        if (text != null) {
            String t = text.trim().toLowerCase(Locale.ROOT);
            for (Precision p : values()) {
                if (p.id.equals(t)) {
                    return p;
                }
            }
        }
        throw new BadInputException(field, "a precision " + accepted(), text);
    }

    @Override
    public String toString() {
        return id;
    }
}
