package io.sparsim.validation.gpu;

import io.sparsim.core.BadInputException;
import java.util.List;

/**
 * A weight matrix shape: k input features (the reduction dimension) by n output features, with the model layers
 * that have it (e.g. {@code llama2-7b.q}, {@code llama3-8b.o}).
 */
public record WeightShape(int k, int n, List<String> layers) {
    public WeightShape {
        if (k < 1 || n < 1) {
            throw new BadInputException("shape", "positive k and n", k + "x" + n);
        }
        layers = List.copyOf(layers);
    }
}
