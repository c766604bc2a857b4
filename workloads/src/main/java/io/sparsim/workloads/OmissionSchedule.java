package io.sparsim.workloads;

import io.sparsim.core.BadInputException;
import java.util.List;

/**
 * SAT's ladder omission-rate schedule (arXiv 2406.01392): training steps {@code [0, steps[0].until)}
 * omit at {@code steps[0].rate}, then {@code [steps[0].until, steps[1].until)} at the next rate, and
 * so on; steps after the last {@code until} run without omission (rate 0).
 */
public record OmissionSchedule(long totalSteps, List<Step> steps) {

    /** Until (exclusive) training step {@code untilStep}, omit a fraction {@code rate}. */
    public record Step(long untilStep, double rate) {
        public Step {
            if (untilStep <= 0) {
                throw new BadInputException("until", "a positive step number", untilStep);
            }
            if (!(rate >= 0 && rate < 1)) {
                throw new BadInputException("rate", "an omission rate in [0, 1)", rate);
            }
        }
    }

    public OmissionSchedule {
        if (totalSteps <= 0) {
            throw new BadInputException("schedule.totalSteps", "a positive number of training steps", totalSteps);
        }
        if (steps == null || steps.isEmpty()) {
            throw new BadInputException("schedule.steps", "at least one step {until, rate}", null);
        }
        steps = List.copyOf(steps);
        long previous = 0;
        for (int i = 0; i < steps.size(); i++) {
            long until = steps.get(i).untilStep();
            if (until <= previous || until > totalSteps) {
                throw new BadInputException("schedule.steps[" + i + "].until",
                        "a step after " + previous + " and at most totalSteps " + totalSteps, until);
            }
            previous = until;
        }
    }

    /** Omission rate at training step {@code step} (0-based). */
    public double rateAt(long step) {
        if (step < 0 || step >= totalSteps) {
            throw new IllegalArgumentException("step " + step + " outside [0, " + totalSteps + ")");
        }
        for (Step s : steps) {
            if (step < s.untilStep()) {
                return s.rate();
            }
        }
        return 0;
    }

    /** Step-weighted mean omission rate over the whole run. */
    public double meanRate() {
        double sum = 0;
        long from = 0;
        for (Step s : steps) {
            sum += s.rate() * (s.untilStep() - from);
            from = s.untilStep();
        }
        return sum / totalSteps;
    }
}
