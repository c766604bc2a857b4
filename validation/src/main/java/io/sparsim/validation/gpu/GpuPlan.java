package io.sparsim.validation.gpu;

import io.sparsim.core.BadInputException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The list of cases the GPU runner times ({@value #SCHEMA}): written by {@code sparsim measure --backend gpu},
 * read by {@code sparsim_gpu_runner.py}, which writes a {@code sparsim/measurements/v1} file with one measured
 * case per GEMM case (same id) and the copy results in its host description.
 *
 * @param description what the plan is for, copied into the measurement's host description
 * @param seed        seed of the random operands and sparsity masks
 */
public record GpuPlan(String description, long seed, PlanTiming timing, List<PlanCase> cases) {
    public static final String SCHEMA = "sparsim/gpu-plan/v1";

    public GpuPlan {
        if (description == null || description.isBlank()) {
            throw new BadInputException("description", "a non-empty description", description);
        }
        if (timing == null) {
            throw new BadInputException("timing", "a timing policy", null);
        }
        if (cases == null || cases.isEmpty()) {
            throw new BadInputException("cases", "a non-empty list of cases", "[]");
        }
        cases = List.copyOf(cases);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < cases.size(); i++) {
            if (!ids.add(cases.get(i).id())) {
                throw new BadInputException("cases[" + i + "].id", "an id not used by an earlier case",
                        cases.get(i).id());
            }
        }
    }

    /** The GEMM cases, in plan order. */
    public List<GemmCase> gemms() {
        return cases.stream().filter(c -> c instanceof GemmCase).map(c -> (GemmCase) c).toList();
    }

    /** The copy cases, in plan order. */
    public List<CopyCase> copies() {
        return cases.stream().filter(c -> c instanceof CopyCase).map(c -> (CopyCase) c).toList();
    }
}
