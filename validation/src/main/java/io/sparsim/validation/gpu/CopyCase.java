package io.sparsim.validation.gpu;

import io.sparsim.core.BadInputException;

/**
 * A device-to-device copy of {@code bytes}: the runner reports its median time and (bytes read + bytes written)
 * per second, the sustained-bandwidth figure docs/references.md quotes for the project's GPU machine type.
 */
public record CopyCase(String id, long bytes) implements PlanCase {
    /** Largest copy accepted: source and destination must fit beside each other in device memory. */
    public static final long MAX_BYTES = 1L << 36;

    public CopyCase {
        if (id == null || !ID.matcher(id).matches()) {
            throw new BadInputException("id", "an identifier of letters, digits and ._:+-", id);
        }
        if (bytes < 1 || bytes > MAX_BYTES) {
            throw new BadInputException("bytes", "a byte count in [1, " + MAX_BYTES + "]", bytes);
        }
    }

    @Override
    public String op() {
        return "copy";
    }
}
