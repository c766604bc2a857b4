package io.sparsim.simulator.memory;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Bytes one device holds for its share of the model's weights.
 *
 * @param valueBytes    the kept weight values (all of them for dense layers), norms and embedding included
 * @param metadataBytes each sparse format's index metadata, by label: {@code 2:4 metadata}, {@code bitmask},
 *                      {@code column indices}, {@code block indices}; empty for a dense model
 */
public record WeightMemory(long valueBytes, Map<String, Long> metadataBytes) {
    public WeightMemory {
        if (valueBytes < 0) {
            throw new IllegalArgumentException("valueBytes < 0: " + valueBytes);
        }
        metadataBytes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metadataBytes));
    }

    /** Values plus every format's metadata. */
    public long bytes() {
        return valueBytes + metadataBytes.values().stream().mapToLong(Long::longValue).sum();
    }
}
