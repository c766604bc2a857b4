package io.sparsim.workloads.model;

import io.sparsim.core.BadInputException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The models Sparsim knows by id; immutable. */
public final class ModelCatalog {
    private final Map<String, ModelConfig> byId;

    private ModelCatalog(List<ModelConfig> models) {
        Map<String, ModelConfig> m = new LinkedHashMap<>();
        for (ModelConfig c : models) {
            if (m.putIfAbsent(c.id(), c) != null) {
                throw new IllegalArgumentException("duplicate model id " + c.id());
            }
        }
        this.byId = m;
    }

    /** A catalog of exactly {@code models} (ids must be unique). */
    public static ModelCatalog of(List<ModelConfig> models) {
        return new ModelCatalog(List.copyOf(models));
    }

    /**
     * The bundled models. Shapes from the Hugging Face config.json of each model
     * (docs/references.md, "Model shapes"), plus two small models for tests.
     */
    public static ModelCatalog bundled() {
        return new ModelCatalog(List.of(
                new ModelConfig("llama2-7b", "Llama-2 7B", 32, 4096, 11008, 32, 32, 32000),
                new ModelConfig("llama2-13b", "Llama-2 13B", 40, 5120, 13824, 40, 40, 32000),
                new ModelConfig("llama2-70b", "Llama-2 70B", 80, 8192, 28672, 64, 8, 32000),
                new ModelConfig("llama3-8b", "Llama-3 8B", 32, 4096, 14336, 32, 8, 128256),
                new ModelConfig("llama3-70b", "Llama-3 70B", 80, 8192, 28672, 64, 8, 128256),
                // Test models: tiny enough to simulate in detail; GQA so both head paths are exercised.
                new ModelConfig("tiny-llama", "Tiny LLaMA (test)", 2, 256, 688, 4, 2, 1000),
                new ModelConfig("llama-test-1l", "Llama-2 7B, one layer (test)", 1, 4096, 11008, 32, 32, 32000)));
    }

    /** All models in catalog order. */
    public List<ModelConfig> all() {
        return List.copyOf(byId.values());
    }

    /** Ids joined by {@code |}, for error messages. */
    public String ids() {
        return String.join("|", byId.keySet());
    }

    /**
     * The model with {@code id}.
     *
     * @throws BadInputException (field {@code model}) listing the known ids
     */
    public ModelConfig get(String id) {
        ModelConfig c = id == null ? null : byId.get(id.trim());
        if (c == null) {
            throw new BadInputException("model", "a model id (" + ids() + ")", id);
        }
        return c;
    }

    /** True when {@code id} names a model here. */
    public boolean contains(String id) {
        return id != null && byId.containsKey(id.trim());
    }

    @Override
    public String toString() {
        return byId.values().stream().map(ModelConfig::id).collect(Collectors.joining(", ", "ModelCatalog[", "]"));
    }
}
