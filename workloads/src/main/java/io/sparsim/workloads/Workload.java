package io.sparsim.workloads;

import io.sparsim.core.BadInputException;
import io.sparsim.core.Precision;
import io.sparsim.workloads.model.ModelCatalog;
import io.sparsim.workloads.model.ModelConfig;
import io.sparsim.workloads.sparsity.Omission;
import io.sparsim.workloads.sparsity.SparsitySpec;
import java.util.Objects;
import java.util.Optional;

/**
 * A model in a phase at a precision with a sparsity spec: what {@code lower()} turns into an
 * operator graph.
 *
 * @param schedule an omission ladder over training steps; only for {@code train}, and then the spec
 *     itself carries no omission (per-step graphs come from {@link #atStep(long)})
 */
public record Workload(ModelConfig model, Phase phase, Precision precision, SparsitySpec sparsity,
                       Optional<OmissionSchedule> schedule) {

    public Workload {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(precision, "precision");
        sparsity = sparsity == null ? SparsitySpec.DENSE : sparsity;
        schedule = schedule == null ? Optional.empty() : schedule;
        if (schedule.isPresent()) {
            if (!(phase instanceof Phase.Train)) {
                throw new BadInputException("schedule", "a schedule only with phase kind train", phase.kind());
            }
            if (!sparsity.omission().isNone()) {
                throw new BadInputException("schedule", "either a schedule or an 'omission:R' term in sparsity, not both",
                        sparsity.omission().toString());
            }
        }
    }

    /** A workload without schedule. */
    public static Workload of(ModelConfig model, Phase phase, Precision precision, SparsitySpec sparsity) {
        return new Workload(model, phase, precision, sparsity, Optional.empty());
    }

    /**
     * The workload that flags describe: the same values and checks as a workload file, with errors
     * naming the flag ({@code --model}, {@code --phase}, {@code --batch}, {@code --seq}, {@code --kv},
     * {@code --dtype}, {@code --sparsity}).
     *
     * @param seq may be null (decode then needs kv)
     * @param kv may be null; decode uses it when given, else seq
     * @param dtype null means bf16
     * @param sparsity null means dense
     */
    public static Workload fromFlags(ModelCatalog catalog, String model, String phase, int batch, Integer seq,
                                     Integer kv, String dtype, String sparsity) {
        try {
            ModelConfig m = catalog.get(model);
            Phase p = Phase.of(phase, batch, seq, kv);
            Precision pr = dtype == null ? Precision.BF16 : Precision.parse(dtype, "dtype");
            SparsitySpec s = sparsity == null ? SparsitySpec.DENSE : SparsitySpec.parse(sparsity);
            return of(m, p, pr, s);
        } catch (BadInputException e) {
            return rethrowAsFlag(e);
        }
    }

    private static Workload rethrowAsFlag(BadInputException e) {
        String f = e.field() == null ? "" : e.field();
        String flag = switch (f) {
            case "phase.kind" -> "--phase";
            case "phase.batch" -> "--batch";
            case "phase.seq" -> "--seq";
            case "phase.kv" -> "--kv";
            case "model" -> "--model";
            case "dtype" -> "--dtype";
            case "sparsity" -> "--sparsity";
            default -> f;
        };
        throw new BadInputException(flag, e.expected(), e.found());
    }

    /** This workload at training step {@code step}: the spec's omission set from the schedule. */
    public Workload atStep(long step) {
        if (schedule.isEmpty()) {
            return this;
        }
        SparsitySpec s = sparsity.withOmission(new Omission(schedule.get().rateAt(step)));
        return new Workload(model, phase, precision, s, Optional.empty());
    }
}
