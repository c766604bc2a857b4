package io.sparsim.validation.gpu;

import io.sparsim.core.Precision;
import io.sparsim.validation.measure.Format;
import io.sparsim.workloads.model.LayerType;
import io.sparsim.workloads.model.ModelCatalog;
import io.sparsim.workloads.model.ModelConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The standard GPU plan: the linear-layer shapes of LLaMA-2 7B, LLaMA-2 70B and Llama-3 8B (from the model
 * catalog, deduplicated), at token counts from decode (1) to long prefill (4096), in dense, 2:4 (cuSPARSELt and
 * CUTLASS) and unstructured CSR at 50/70/90% in bf16, plus fp8 dense and fp8 2:4 (cuSPARSELt), and one device
 * copy for sustained bandwidth. Cases are ordered by token count, so a run cut short by its time budget has
 * every shape at the small token counts.
 */
public final class GpuPlans {
    public static final List<String> MODELS = List.of("llama2-7b", "llama2-70b", "llama3-8b");
    /** The linear layers of a decoder block (the LM head is left out: one per model, not per layer). */
    public static final List<LayerType> LAYERS = List.of(LayerType.Q, LayerType.K, LayerType.V, LayerType.O,
            LayerType.GATE, LayerType.UP, LayerType.DOWN);
    public static final List<Integer> TOKENS = List.of(1, 16, 128, 1024, 4096);
    public static final List<Double> CSR_ZEROS = List.of(0.5, 0.7, 0.9);
    /** 1 GiB each way: far above any L2, and large enough that launch overhead is far below 1% of the copy. */
    public static final long COPY_BYTES = 1L << 30;

    private GpuPlans() {
    }

    /** Distinct (k, n) weight shapes of {@code models}' decoder linears, in first-seen order. */
    public static List<WeightShape> shapes(ModelCatalog catalog, List<String> models) {
        Map<String, List<String>> layersByShape = new LinkedHashMap<>();
        Map<String, int[]> dims = new LinkedHashMap<>();
        for (String id : models) {
            ModelConfig model = catalog.get(id);
            for (LayerType layer : LAYERS) {
                int k = model.inFeatures(layer);
                int n = model.outFeatures(layer);
                String key = k + "x" + n;
                dims.putIfAbsent(key, new int[] {k, n});
                layersByShape.computeIfAbsent(key, x -> new ArrayList<>())
                        .add(model.id() + "." + layer.name().toLowerCase(java.util.Locale.ROOT));
            }
        }
        List<WeightShape> out = new ArrayList<>();
        dims.forEach((key, kn) -> out.add(new WeightShape(kn[0], kn[1], layersByShape.get(key))));
        return out;
    }

    /** The standard plan with operands drawn from {@code seed}. */
    public static GpuPlan standard(long seed) {
        return plan(shapes(ModelCatalog.bundled(), MODELS), TOKENS, seed, PlanTiming.standard(),
                "sparsim standard GPU plan: decoder linears of " + String.join(", ", MODELS) + " at M="
                        + TOKENS + "; dense, 2:4 (cusparselt, cutlass), csr " + CSR_ZEROS + " in bf16; fp8 dense "
                        + "and 2:4; device copy of " + COPY_BYTES + " bytes");
    }

    /** The standard set of formats over {@code shapes} × {@code tokens}, after one copy case. */
    public static GpuPlan plan(List<WeightShape> shapes, List<Integer> tokens, long seed, PlanTiming timing,
            String description) {
        List<PlanCase> cases = new ArrayList<>();
        cases.add(new CopyCase("copy-d2d-" + COPY_BYTES + "B", COPY_BYTES));
        for (int m : tokens) {
            for (WeightShape s : shapes) {
                cases.addAll(formats(m, s));
            }
        }
        return new GpuPlan(description, seed, timing, cases);
    }

    /** The cases of one shape at one token count, dense first (the twin the sparse cases are compared with). */
    static List<GemmCase> formats(int m, WeightShape s) {
        List<GemmCase> out = new ArrayList<>();
        out.add(GemmCase.of(m, s.k(), s.n(), Precision.BF16, Format.DENSE, 0, GpuLibrary.CUBLAS, s.layers()));
        out.add(GemmCase.of(m, s.k(), s.n(), Precision.BF16, Format.TWO_FOUR, 0.5, GpuLibrary.CUSPARSELT,
                s.layers()));
        out.add(GemmCase.of(m, s.k(), s.n(), Precision.BF16, Format.TWO_FOUR, 0.5, GpuLibrary.CUTLASS, s.layers()));
        for (double z : CSR_ZEROS) {
            out.add(GemmCase.of(m, s.k(), s.n(), Precision.BF16, Format.CSR, z, GpuLibrary.CUSPARSE, s.layers()));
        }
        out.add(GemmCase.of(m, s.k(), s.n(), Precision.FP8, Format.DENSE, 0, GpuLibrary.CUBLAS, s.layers()));
        out.add(GemmCase.of(m, s.k(), s.n(), Precision.FP8, Format.TWO_FOUR, 0.5, GpuLibrary.CUSPARSELT,
                s.layers()));
        return out;
    }
}
