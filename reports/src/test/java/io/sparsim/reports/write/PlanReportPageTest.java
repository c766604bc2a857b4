package io.sparsim.reports.write;

import io.sparsim.core.Precision;
import io.sparsim.hwprofiles.ProfileRegistry;
import io.sparsim.reports.Progress;
import io.sparsim.reports.chart.PlanCharts;
import io.sparsim.reports.plan.Machine;
import io.sparsim.reports.plan.PlanDocuments;
import io.sparsim.reports.plan.ServePlan;
import io.sparsim.reports.plan.ServePlanner;
import io.sparsim.reports.plan.TrainPlan;
import io.sparsim.reports.plan.TrainPlanner;
import io.sparsim.workloads.model.ModelCatalog;
import io.sparsim.workloads.sparsity.SparsitySpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanReportPageTest {
    private static List<Machine> machines(String... ids) {
        return java.util.Arrays.stream(ids).map(id -> Machine.of(ProfileRegistry.bundled().get(id), Optional.empty()))
                .toList();
    }

    @Test
    void servePageDrawsCostLatencyAndSensitivityCharts(@TempDir Path dir) throws Exception {
        ServePlan plan = new ServePlanner(ModelCatalog.bundled().get("llama2-7b"),
                machines("nvidia-h100-sxm5-80gb", "nvidia-a100-sxm4-80gb"),
                List.of(SparsitySpec.DENSE, SparsitySpec.parse("2:4")), Precision.BF16, 512, 128,
                Optional.of(5000.0), Optional.of(0.05), Optional.of(1.0), 1).plan(Progress.NONE, null);
        HtmlReportBrowserTest.assertRendered(dir, "plan-serve", plan, PlanDocuments.serve(plan, PlanCharts.serve(plan)),
                3);
    }

    @Test
    void trainPageDrawsCostTimeAndSensitivityCharts(@TempDir Path dir) throws Exception {
        TrainPlan plan = new TrainPlanner(ModelCatalog.bundled().get("llama2-7b"),
                machines("nvidia-dgx-h100", "cerebras-wse3"), List.of(SparsitySpec.DENSE,
                SparsitySpec.parse("unstructured:0.7")), Precision.BF16, 20e9, Optional.of(10.0), Optional.empty(),
                2048, Optional.empty(), Optional.empty(), 1).plan(Progress.NONE, null);
        HtmlReportBrowserTest.assertRendered(dir, "plan-train", plan, PlanDocuments.train(plan, PlanCharts.train(plan)),
                2);
    }
}
