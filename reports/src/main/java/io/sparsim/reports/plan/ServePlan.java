package io.sparsim.reports.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What {@code sparsim plan serve} answers: one option per hardware and sparsity, and the points searched.
 *
 * @param rate         the requested output tokens per second; null: the highest throughput per device
 * @param priceNote    the price file's note (where its figures come from); null without one
 * @param evaluated    configurations simulated
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServePlan(String model, Double rate, int input, int output, Double tpotSeconds, Double ttftSeconds,
                        String priceNote, List<ServeOption> options, List<ServePoint> points, long evaluated) {
    public ServePlan {
        options = List.copyOf(options);
        points = List.copyOf(points);
    }
}
