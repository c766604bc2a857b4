package io.sparsim.reports.predict;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.sparsim.simulator.GroupEstimate;
import io.sparsim.simulator.KernelTime;
import io.sparsim.simulator.OpEstimate;
import java.util.List;

/**
 * One op of a simulated step: the kernel a runtime would pick, its time, roofline and bound.
 *
 * @param repeat            how many times its group runs per step
 * @param secondsAllRepeats {@code seconds x repeat}
 * @param alternatives      every kernel considered, fastest first; null when there was only one
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OpRow(String group, int repeat, String op, String kernel, double seconds, double rooflineSeconds,
                   double flops, double denseFlops, double bytes, double minBytes, String boundBy, String detail,
                   List<Alternative> alternatives, double secondsAllRepeats) {

    /** A kernel considered for the op. */
    public record Alternative(String kernel, double seconds, double bytes, String boundBy, String detail) {}

    /** Every op of every group of a step, in order. */
    public static List<OpRow> of(List<GroupEstimate> groups) {
        return groups.stream().flatMap(g -> g.ops().stream().map(e -> of(g.name(), g.repeat(), e))).toList();
    }

    static OpRow of(String group, int repeat, OpEstimate e) {
        return new OpRow(group, repeat, e.op().name(), e.chosen().kernel(), e.seconds(), e.rooflineSeconds(),
                e.op().flops(), e.op().denseFlops(), e.chosen().bytes(), e.op().minBytes(), e.bound().id(),
                e.chosen().detail(), alternatives(e), e.seconds() * repeat);
    }

    static List<Alternative> alternatives(OpEstimate e) {
        if (e.alternatives().size() <= 1) {
            return null;
        }
        return e.alternatives().stream().map(OpRow::alternative).toList();
    }

    private static Alternative alternative(KernelTime k) {
        return new Alternative(k.kernel(), k.seconds(), k.bytes(), k.bound().id(), k.detail());
    }
}
