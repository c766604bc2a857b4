package io.sparsim.reports.write;

import io.sparsim.core.Precision;
import io.sparsim.hwprofiles.ProfileRegistry;
import io.sparsim.reports.Progress;
import io.sparsim.reports.chart.SweepCharts;
import io.sparsim.reports.sweep.Sweep;
import io.sparsim.reports.sweep.SweepReport;
import io.sparsim.simulator.Fidelity;
import io.sparsim.simulator.TargetOptions;
import io.sparsim.workloads.model.ModelCatalog;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepReportPageTest {
    @Test
    void sweepPageDrawsThroughputSpeedupAndBottleneckCharts(@TempDir Path dir) throws Exception {
        ProfileRegistry reg = ProfileRegistry.bundled();
        Sweep sweep = new Sweep(List.of(reg.get("nvidia-h100-sxm5-80gb"), reg.get("cerebras-wse3")),
                ModelCatalog.bundled().get("llama2-7b"), List.of("decode"), List.of(8), Map.of("decode", List.of(1024)),
                List.of(Precision.BF16), List.of("unstructured", "2:4"), List.of(0.0, 0.5, 0.9),
                List.of(TargetOptions.WEIGHT_STREAMING), Fidelity.FAST, 1);
        SweepReport r = sweep.run(Progress.NONE);
        // throughput + speedup for one phase, one bottleneck chart per machine
        HtmlReportBrowserTest.assertRendered(dir, "sweep", r, r.document(SweepCharts.of(r)), 4);
    }
}
