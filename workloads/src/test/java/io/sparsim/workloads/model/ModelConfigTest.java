package io.sparsim.workloads.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparsim.core.BadInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ModelConfigTest {
    private final ModelCatalog catalog = ModelCatalog.bundled();

    /** Published parameter counts of the Hugging Face checkpoints. */
    @ParameterizedTest
    @CsvSource({
        "llama2-7b, 6738415616",
        "llama2-13b, 13015864320",
        "llama2-70b, 68976648192",
        "llama3-8b, 8030261248",
        "llama3-70b, 70553706496",
    })
    void parameterCountsMatchTheRealModels(String id, long expected) {
        assertEquals(expected, catalog.get(id).parameters());
    }

    @Test
    void matmulParametersExcludeEmbeddingAndNorms() {
        ModelConfig m = catalog.get("llama2-7b");
        long embedding = 32000L * 4096;
        long norms = (2L * 32 + 1) * 4096;
        assertEquals(m.parameters() - embedding - norms, m.matmulParameters());
        // Hand count: q,k,v,o 4096x4096, gate/up/down 4096x11008, LM head 4096x32000.
        assertEquals(32L * (4L * 4096 * 4096 + 3L * 4096 * 11008) + 4096L * 32000, m.matmulParameters());
    }

    @Test
    void groupedQueryAttentionShrinksKeyValueProjections() {
        ModelConfig m = catalog.get("llama3-70b");
        assertEquals(128, m.headDim());
        assertEquals(1024, m.kvDim());
        assertEquals(8192L * 1024, m.weightElements(LayerType.K));
        assertEquals(8, m.queriesPerKvHead());
    }

    @Test
    void testModels() {
        ModelConfig tiny = catalog.get("tiny-llama");
        assertEquals(64, tiny.headDim());
        assertEquals(128, tiny.kvDim());
        // 1000*256 embedding + 2 layers * (2*256^2 + 2*256*128 + 3*256*688 + 2*256) + 256 + 256*1000 head
        assertEquals(2L * 1000 * 256 + 2L * (2 * 256 * 256 + 2 * 256 * 128 + 3 * 256 * 688 + 2 * 256) + 256,
                tiny.parameters());
        ModelConfig one = catalog.get("llama-test-1l");
        ModelConfig full = catalog.get("llama2-7b");
        assertEquals(1, one.layers());
        assertEquals(full.layerMatmulParameters(), one.layerMatmulParameters());
    }

    @Test
    void unknownModelListsTheIds() {
        BadInputException e = assertThrows(BadInputException.class, () -> catalog.get("llama4"));
        assertEquals("model: expected a model id (llama2-7b|llama2-13b|llama2-70b|llama3-8b|llama3-70b|tiny-llama|"
                + "llama-test-1l), got 'llama4'", e.getMessage());
    }

    @Test
    void constructorRejectsInconsistentShapes() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> new ModelConfig("x", "x", 1, 100, 10, 3, 3, 10));
        assertEquals("model.heads: expected a head count that divides hidden 100, got '3'", e.getMessage());
        e = assertThrows(BadInputException.class, () -> new ModelConfig("x", "x", 1, 128, 10, 4, 3, 10));
        assertEquals("model.kvHeads: expected a KV head count that divides heads 4, got '3'", e.getMessage());
        e = assertThrows(BadInputException.class, () -> new ModelConfig("x", "x", 0, 128, 10, 4, 4, 10));
        assertEquals("model.layers: expected a positive integer, got '0'", e.getMessage());
    }
}
