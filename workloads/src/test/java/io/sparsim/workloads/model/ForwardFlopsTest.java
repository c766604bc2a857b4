package io.sparsim.workloads.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparsim.core.Precision;
import io.sparsim.workloads.Phase;
import io.sparsim.workloads.Workload;
import io.sparsim.workloads.ops.Attention;
import io.sparsim.workloads.ops.Gemm;
import io.sparsim.workloads.ops.Lowering;
import io.sparsim.workloads.ops.OpGraph;
import io.sparsim.workloads.sparsity.SparsitySpec;
import org.junit.jupiter.api.Test;

class ForwardFlopsTest {

    /** Hand count from the shapes alone, linear by linear. */
    private static long handCount(ModelConfig m, int seqLen) {
        long d = m.hidden();
        long kv = (long) m.kvHeads() * (m.hidden() / m.heads());
        long perLayer = 2 * d * d       // q
                + 2 * d * kv            // k
                + 2 * d * kv            // v
                + 2 * d * d             // o
                + 3 * 2 * d * m.intermediate()  // gate, up, down
                + 2 * 2L * seqLen * d;  // QK^T and PV: 2·seqLen·headDim each, times heads (= hidden)
        return m.layers() * perLayer + 2 * d * m.vocab();
    }

    @Test
    void equalsHandCountAndTheLoweredDecodeStepForEveryModel() {
        for (ModelConfig m : ModelCatalog.bundled().all()) {
            for (int seq : new int[] {1, 2048, 4096}) {
                long perToken = ForwardFlops.perToken(m, seq);
                assertEquals(handCount(m, seq), perToken, m.id() + " seq " + seq);
                OpGraph g = Lowering.lower(Workload.of(m, new Phase.Decode(1, seq), Precision.BF16, SparsitySpec.DENSE));
                double lowered = g.flops(op -> op instanceof Gemm || op instanceof Attention);
                assertEquals((double) perToken, lowered, m.id() + " seq " + seq);
            }
        }
    }

    @Test
    void llama2SevenBIsAboutTwoFlopsPerParameter() {
        ModelConfig m = ModelCatalog.bundled().get("llama2-7b");
        // 2 x 6.61e9 linear weights + 4·32·1·4096 for one attended key.
        assertEquals(2L * 6_607_077_376L + 4L * 32 * 4096, ForwardFlops.perToken(m, 1));
    }
}
