package io.sparsim.reports.predict;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.sparsim.reports.doc.Document;
import io.sparsim.reports.doc.Fields;
import io.sparsim.reports.doc.Grid;
import io.sparsim.reports.doc.Note;
import io.sparsim.reports.doc.Section;
import io.sparsim.reports.units.Unit;
import io.sparsim.simulator.OpEstimate;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code sparsim op gemm} answers: one GEMM's simulated and roofline time beside its dense twin.
 *
 * @param tflops       dense-equivalent rate: the dense GEMM's FLOPs over this time, in TFLOP/s
 * @param alternatives every kernel considered; null when there was only one
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OpReport(String hw, String op, long m, long n, long k, String dtype, String sparsity, String fidelity,
                       String kernel, double seconds, double rooflineSeconds, double flops, double denseFlops,
                       double bytes, double minBytes, String boundBy, String detail,
                       List<OpRow.Alternative> alternatives, double tflops, double denseSeconds,
                       double speedupVsDense) {

    /** The report of {@code est} against {@code dense}, the same GEMM with dense weights. */
    public static OpReport gemm(String hw, long m, long n, long k, String dtype, String sparsity, String fidelity,
                                OpEstimate est, OpEstimate dense) {
        return new OpReport(hw, "gemm", m, n, k, dtype, sparsity, fidelity, est.chosen().kernel(), est.seconds(),
                est.rooflineSeconds(), est.op().flops(), est.op().denseFlops(), est.chosen().bytes(),
                est.op().minBytes(), est.bound().id(), est.chosen().detail(), OpRow.alternatives(est),
                est.op().denseFlops() / est.seconds() / 1e12, dense.seconds(), dense.seconds() / est.seconds());
    }

    public Document document() {
        List<Section> sections = new ArrayList<>();
        sections.add(Section.of("", Fields.builder().text("hw", hw).text("op", op + " " + m + "x" + n + "x" + k
                + " (m x n x k)").text("dtype", dtype).text("sparsity", sparsity).text("fidelity", fidelity).build()));
        sections.add(Section.of("Estimate", Fields.builder()
                .text("kernel", kernel)
                .add("time", seconds, Unit.SECONDS)
                .add("roofline", rooflineSeconds, Unit.SECONDS)
                .add("dense-equivalent rate", tflops * 1e12, Unit.FLOPS_PER_SECOND)
                .add("useful FLOPs", flops, Unit.FLOPS)
                .add("bytes moved", bytes, Unit.BYTES)
                .add("minimum bytes", minBytes, Unit.BYTES)
                .text("bound by", boundBy)
                .add("dense time", denseSeconds, Unit.SECONDS)
                .add("speedup vs dense", speedupVsDense, Unit.RATIO).build(),
                new Note(detail)));
        if (alternatives != null) {
            sections.add(Section.of("Kernels considered", Grid.over("kernels", alternatives)
                    .text("kernel", OpRow.Alternative::kernel)
                    .col("seconds", "time", Unit.SECONDS, OpRow.Alternative::seconds)
                    .col("bytes", "bytes", Unit.BYTES, OpRow.Alternative::bytes)
                    .col("boundBy", "bound by", Unit.TEXT, OpRow.Alternative::boundBy).build()));
        }
        return new Document("op: gemm on " + hw, sections);
    }
}
