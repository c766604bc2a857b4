package io.sparsim.reports.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What {@code sparsim plan train} answers: one option per hardware and sparsity.
 *
 * @param days     the wall-clock budget; null when {@code devices} is fixed
 * @param devices  the fixed device count; null when searching for the fewest within {@code days}
 * @param ladder   the SAT omission ladder applied, as "rate until fraction of steps"; null without one
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainPlan(String model, long parameters, double tokens, int seq, Double days, Integer devices,
                        String ladder, String priceNote, List<TrainOption> options, long evaluated) {
    public TrainPlan {
        options = List.copyOf(options);
    }
}
