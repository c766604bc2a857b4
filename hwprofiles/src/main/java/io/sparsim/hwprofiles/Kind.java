package io.sparsim.hwprofiles;

import io.sparsim.core.BadInputException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The target kinds Sparsim models; the id is the {@code kind:} value and the name of the kind's section. */
public enum Kind {
    WAFER,
    GPU,
    CPU,
    /** Nodes of GPUs or CPU sockets joined by links (composes a device profile). */
    CLUSTER;

    /** Lower-case id used in files, e.g. {@code gpu}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static String accepted() {
        return Arrays.stream(values()).map(Kind::id).collect(Collectors.joining("|"));
    }

    /** Parses {@code wafer|gpu|cpu|cluster}; errors name {@code field} and the accepted ids. */
    public static Kind parse(String text, String field) {
        for (Kind k : values()) {
            if (k.id().equals(text)) {
                return k;
            }
        }
        throw new BadInputException(field, "a profile kind " + accepted(), text);
    }

    @Override
    public String toString() {
        return id();
    }
}
