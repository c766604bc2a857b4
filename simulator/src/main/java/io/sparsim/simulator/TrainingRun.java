package io.sparsim.simulator;

import io.sparsim.workloads.OmissionSchedule;
import io.sparsim.workloads.Workload;
import io.sparsim.workloads.ops.Lowering;
import io.sparsim.workloads.sparsity.Omission;
import java.util.ArrayList;
import java.util.List;

/**
 * A whole training run under SAT's ladder omission schedule: each rung simulated once, its step time times its
 * steps, summed, against the same run with nothing omitted.
 *
 * @param rungs         one entry per schedule segment, the trailing rate-0 segment included when it has steps
 * @param seconds       the run's total time
 * @param denseSeconds  the same run with no omission (weight sparsity kept as in the workload)
 */
public record TrainingRun(List<Rung> rungs, double seconds, double denseSeconds) {

    /** Steps {@code [fromStep, untilStep)} at omission {@code rate}, each taking {@code secondsPerStep}. */
    public record Rung(long fromStep, long untilStep, double rate, double secondsPerStep) {
        public double seconds() {
            return (untilStep - fromStep) * secondsPerStep;
        }
    }

    public TrainingRun {
        rungs = List.copyOf(rungs);
    }

    /** Throughput gain of the scheduled run over the run without omission (SAT reports +45% as 1.45). */
    public double throughputGain() {
        return denseSeconds / seconds;
    }

    /** Integrates {@code workload}'s schedule on {@code target}. */
    public static TrainingRun of(Workload workload, OmissionSchedule schedule, Target target, Fidelity fidelity) {
        List<Rung> rungs = new ArrayList<>();
        long from = 0;
        double total = 0;
        List<OmissionSchedule.Step> steps = new ArrayList<>(schedule.steps());
        if (steps.get(steps.size() - 1).untilStep() < schedule.totalSteps()) {
            steps.add(new OmissionSchedule.Step(schedule.totalSteps(), 0));
        }
        for (OmissionSchedule.Step s : steps) {
            Workload rung = withOmission(workload, s.rate());
            double perStep = Simulator.run(Lowering.lower(rung), target, fidelity).secondsPerStep();
            Rung r = new Rung(from, s.untilStep(), s.rate(), perStep);
            rungs.add(r);
            total += r.seconds();
            from = s.untilStep();
        }
        double densePerStep = Simulator.run(Lowering.lower(withOmission(workload, 0)), target, fidelity)
                .secondsPerStep();
        return new TrainingRun(rungs, total, densePerStep * schedule.totalSteps());
    }

    private static Workload withOmission(Workload w, double rate) {
        return Workload.of(w.model(), w.phase(), w.precision(), w.sparsity().withOmission(new Omission(rate)));
    }
}
