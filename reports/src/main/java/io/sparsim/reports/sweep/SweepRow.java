package io.sparsim.reports.sweep;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.sparsim.simulator.SimResult;
import io.sparsim.workloads.Phase;

/**
 * One point of a sweep.
 *
 * @param mode            the wafer execution mode; empty on other machines
 * @param length          sequence length (prefill, train) or KV-cache length (decode)
 * @param sparsity        the swept fraction (0 = dense; 0.5 for 2:4)
 * @param spec            the sparsity spec simulated
 * @param speedupVsDense  dense step time over this step time, same machine, phase, batch, length and precision
 * @param flopSpeedup     dense FLOPs over useful FLOPs (the FLOP-proportional "ideal" speedup)
 * @param boundBy         the bound that accounts for most of the step time
 * @param doesNotFit      why the point cannot run this way; null when it fits. A point that does not fit has no
 *                        time, rate or speedup (null), never a number that reads like an answer
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SweepRow(String hw, String mode, String phase, int batch, int length, String dtype, String pattern,
                       double sparsity, String spec, Double secondsPerStep, Double tokensPerSecond,
                       Double speedupVsDense, double flopSpeedup, String boundBy, String doesNotFit) {

    /** A point that does not fit one device's memory: the reason, no time, rate or speedup. */
    static SweepRow missing(String hw, String mode, Phase phase, String dtype, String pattern, double x,
                            io.sparsim.workloads.Workload w, double flopSpeedup, String reason) {
        return new SweepRow(hw, mode, phase.kind(), phase.batch(), length(phase), dtype, pattern, x,
                w.sparsity().toString(), null, null, null, flopSpeedup, "", reason);
    }

    private static int length(Phase phase) {
        return phase instanceof Phase.Decode d ? d.kvLen() : phase instanceof Phase.Prefill p ? p.seqLen()
                : ((Phase.Train) phase).seqLen();
    }

    static SweepRow of(String hw, String mode, Phase phase, String dtype, String pattern, double x, SimResult r,
                       SimResult dense) {
        int length = length(phase);
        String spec = r.graph().workload().sparsity().toString();
        if (!r.fits()) {
            return new SweepRow(hw, mode, phase.kind(), phase.batch(), length, dtype, pattern, x, spec, null, null,
                    null, dense.flops() / r.flops(), "", r.doesNotFit().get());
        }
        Double speedup = dense.fits() ? dense.secondsPerStep() / r.secondsPerStep() : null;
        return new SweepRow(hw, mode, phase.kind(), phase.batch(), length, dtype, pattern, x, spec,
                r.secondsPerStep(), r.tokensPerSecond(), speedup, dense.flops() / r.flops(), r.dominantBound().id(),
                null);
    }
}
