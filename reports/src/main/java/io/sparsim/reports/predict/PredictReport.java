package io.sparsim.reports.predict;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.sparsim.reports.doc.Document;
import io.sparsim.reports.doc.Fields;
import io.sparsim.reports.doc.Grid;
import io.sparsim.reports.doc.Section;
import io.sparsim.reports.units.Unit;
import io.sparsim.simulator.Fidelity;
import io.sparsim.simulator.Prediction;
import io.sparsim.simulator.SimResult;
import io.sparsim.simulator.TrainingRun;
import io.sparsim.simulator.memory.DeviceMemory;
import io.sparsim.workloads.Workload;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code sparsim predict} answers: one simulated step beside its dense twin, the per-op breakdown and, for
 * a training workload with a SAT ladder, the whole run. Field names are the JSON contract (SI units in names).
 *
 * @param timeShareByBound share of the step each bound accounts for, largest first
 * @param doesNotFit       why the workload cannot run this way; null when it fits
 * @param run              the SAT ladder run; null without a schedule
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PredictReport(String hw, String model, String phase, int batch, long tokensPerStep, String dtype,
                            String sparsity, String fidelity, MemoryReport memory, MemoryReport.Miss doesNotFit,
                            String mapping, @JsonUnwrapped Step step) {

    /**
     * The simulated step; null when the memory check already says the configuration does not fit.
     *
     * @param timeShareByBound share of the step each bound accounts for, largest first
     * @param doesNotFit       why the target cannot map the workload this way; null when it can
     * @param run              the SAT ladder run; null without a schedule
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Step(double secondsPerStep, double tokensPerSecond, double rooflineSecondsPerStep,
                       double flops, double denseFlops, Double denseSecondsPerStep, Double speedupVsDense,
                       double flopProportionalSpeedup, String boundBy, Map<String, Double> timeShareByBound,
                       String mapping, Run run, List<OpRow> ops) {
        public Step {
            timeShareByBound = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(timeShareByBound));
            ops = List.copyOf(ops);
        }
    }

    /** A SAT ladder run: each rung's step time times its steps, against the run with nothing omitted. */
    public record Run(double seconds, double denseSeconds, double throughputGain, List<Rung> rungs) {
        public Run {
            rungs = List.copyOf(rungs);
        }

        static Run of(TrainingRun run) {
            return new Run(run.seconds(), run.denseSeconds(), run.throughputGain(), run.rungs().stream()
                    .map(r -> new Rung(r.fromStep(), r.untilStep(), r.rate(), r.secondsPerStep())).toList());
        }
    }

    /** Steps {@code [fromStep, untilStep)} at an omission rate. */
    public record Rung(long fromStep, long untilStep, double omission, double secondsPerStep) {}

    /** The report of {@code p}, the prediction of {@code w} (its mapping fits); {@code run} with a schedule. */
    public static PredictReport of(String hw, Workload w, DeviceMemory memory, Prediction p, Fidelity fidelity,
                                   java.util.Optional<TrainingRun> run) {
        SimResult r = p.result();
        boolean dense = p.dense().fits();
        Step step = new Step(r.secondsPerStep(), r.tokensPerSecond(), r.rooflineSecondsPerStep(), r.flops(),
                p.dense().flops(), dense ? p.dense().secondsPerStep() : null, dense ? p.speedupVsDense() : null,
                p.flopProportionalSpeedup(), r.dominantBound().id(), timeShare(r), r.mapping(),
                run.map(Run::of).orElse(null), OpRow.of(r.groups()));
        return new PredictReport(hw, w.model().id(), w.phase().kind(), w.phase().batch(), w.phase().tokens(),
                w.precision().id(), w.sparsity().toString(), fidelity.id(), MemoryReport.of(memory), null, null, step);
    }

    /** The report of a configuration whose memory check fails: no step, no rate. */
    public static PredictReport doesNotFit(String hw, Workload w, DeviceMemory memory, Fidelity fidelity) {
        return new PredictReport(hw, w.model().id(), w.phase().kind(), w.phase().batch(), w.phase().tokens(),
                w.precision().id(), w.sparsity().toString(), fidelity.id(), MemoryReport.of(memory),
                MemoryReport.Miss.of(memory.doesNotFit().orElseThrow()), null, null);
    }

    /** The report of a configuration whose memory fits but whose mapping does not: the reason, no rate. */
    public static PredictReport mappingDoesNotFit(String hw, Workload w, DeviceMemory memory, Fidelity fidelity,
                                                  SimResult r) {
        return new PredictReport(hw, w.model().id(), w.phase().kind(), w.phase().batch(), w.phase().tokens(),
                w.precision().id(), w.sparsity().toString(), fidelity.id(), MemoryReport.of(memory),
                new MemoryReport.Miss(r.doesNotFit().orElseThrow(), 0), r.mapping(), null);
    }

    /** Share of the step's time each bound accounts for, largest first. */
    public static Map<String, Double> timeShare(SimResult r) {
        Map<String, Double> out = new LinkedHashMap<>();
        r.secondsByBound().forEach((b, s) -> out.put(b.id(), s / r.secondsPerStep()));
        return out;
    }

    /** The report as people read it. */
    public Document document() {
        List<Section> sections = new ArrayList<>();
        sections.add(Section.of("", Fields.builder().text("hw", hw).text("model", model).text("phase", phase)
                .add("batch", batch, Unit.COUNT).add("tokens per step", tokensPerStep, Unit.COUNT)
                .text("dtype", dtype).text("sparsity", sparsity).text("fidelity", fidelity).build()));
        sections.add(Section.of("Memory per device", memory.fields()));
        if (doesNotFit != null) {
            sections.add(Section.of("", new io.sparsim.reports.doc.Note("does not fit: " + doesNotFit.reason()
                    + (doesNotFit.minDevices() > 0 ? " (needs at least " + doesNotFit.minDevices() + " devices)"
                    : ""))));
            if (mapping != null) {
                sections.add(Section.of("Mapping", new io.sparsim.reports.doc.Note(mapping)));
            }
            return new Document("predict: " + model + " " + phase + " on " + hw, sections);
        }
        Step st = step;
        Fields.Builder stepFields = Fields.builder()
                .add("time", st.secondsPerStep(), Unit.SECONDS)
                .add("roofline", st.rooflineSecondsPerStep(), Unit.SECONDS)
                .add("throughput", st.tokensPerSecond(), Unit.TOKENS_PER_SECOND)
                .add("useful FLOPs", st.flops(), Unit.FLOPS)
                .add("dense time", st.denseSecondsPerStep(), Unit.SECONDS)
                .add("speedup vs dense", st.speedupVsDense(), Unit.RATIO)
                .add("FLOP-proportional speedup", st.flopProportionalSpeedup(), Unit.RATIO)
                .text("bound by", st.boundBy());
        Run run = st.run();
        sections.add(Section.of(run == null ? "Step" : "Step (no omission)", stepFields.build()));
        Fields.Builder shares = Fields.builder();
        st.timeShareByBound().forEach((b, s) -> shares.add(b, s, Unit.FRACTION));
        sections.add(Section.of("Time by bound", shares.build()));
        sections.add(Section.of("Mapping", new io.sparsim.reports.doc.Note(st.mapping())));
        if (run != null) {
            sections.add(Section.of("Training run (SAT omission ladder)",
                    Fields.builder().add("time", run.seconds(), Unit.SECONDS)
                            .add("time without omission", run.denseSeconds(), Unit.SECONDS)
                            .add("throughput gain", run.throughputGain(), Unit.RATIO).build(),
                    Grid.over("rungs", run.rungs())
                            .col("fromStep", "from step", Unit.COUNT, Rung::fromStep)
                            .col("untilStep", "until step", Unit.COUNT, Rung::untilStep)
                            .col("omission", "omission", Unit.FRACTION, Rung::omission)
                            .col("secondsPerStep", "step time", Unit.SECONDS, Rung::secondsPerStep).build()));
        }
        sections.add(Section.of("Ops", opsGrid()));
        return new Document("predict: " + model + " " + phase + " on " + hw, sections);
    }

    private Grid opsGrid() {
        double total = step.secondsPerStep();
        return Grid.over("ops", step.ops())
                .text("group", o -> o.group() + " x" + o.repeat())
                .text("op", OpRow::op)
                .text("kernel", OpRow::kernel)
                .col("seconds", "time", Unit.SECONDS, OpRow::seconds)
                .col("rooflineSeconds", "roofline", Unit.SECONDS, OpRow::rooflineSeconds)
                .col("share", "share", Unit.FRACTION, o -> o.secondsAllRepeats() / total)
                .col("boundBy", "bound by", Unit.TEXT, OpRow::boundBy)
                .build();
    }
}
