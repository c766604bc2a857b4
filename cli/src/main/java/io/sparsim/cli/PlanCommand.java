package io.sparsim.cli;

import io.sparsim.core.BadInputException;
import io.sparsim.core.Precision;
import io.sparsim.hwprofiles.ProfileRegistry;
import io.sparsim.reports.chart.PlanCharts;
import io.sparsim.reports.cost.PriceFile;
import io.sparsim.reports.plan.Machine;
import io.sparsim.reports.plan.PlanDocuments;
import io.sparsim.reports.plan.ServePlan;
import io.sparsim.reports.plan.ServePlanner;
import io.sparsim.reports.plan.TrainPlan;
import io.sparsim.reports.plan.TrainPlanner;
import io.sparsim.reports.text.Json;
import io.sparsim.reports.write.ReportFiles;
import io.sparsim.reports.write.TerminalWriter;
import io.sparsim.workloads.WorkloadLoader;
import io.sparsim.workloads.model.ModelCatalog;
import io.sparsim.workloads.model.ModelConfig;
import io.sparsim.workloads.sparsity.SparsitySpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Capacity plans: devices, parallelism, time, power, energy and cost to serve or train a model.",
        subcommands = {PlanCommand.Serve.class, PlanCommand.Train.class})
final class PlanCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing plan: serve or train");
    }

    /** Flags both plans take. */
    static class Common {
        @Option(names = "--model", required = true, description = "model id, see 'sparsim models list'")
        String model;

        @Option(names = "--hw", required = true, split = ",", description = "hardware options: profile ids or files, "
                + "comma-separated")
        List<String> hw;

        @Option(names = "--sparsity", split = ",", defaultValue = "dense",
                description = "sparsity specs to compare, comma-separated (default ${DEFAULT-VALUE})")
        List<String> sparsity;

        @Option(names = "--dtype", defaultValue = "bf16", description = "precision (default ${DEFAULT-VALUE})")
        String dtype;

        @Option(names = "--price", description = "price file (schema sparsim/prices/v1) (default: none, no cost "
                + "shown)")
        Path price;

        @Option(names = "--format", defaultValue = "table", description = "table|json (default ${DEFAULT-VALUE})")
        OutputFormat format;

        @Option(names = "--report", description = "also write an offline HTML report with charts (and its CSV and "
                + "JSON) into this folder (default: no report)")
        Path report;

        @Option(names = "--seed", defaultValue = "1", description = "seed of sampled sparsity masks (default "
                + "${DEFAULT-VALUE})")
        long seed;

        /** Output paths are checked before any work starts. */
        void checkOutputs() {
            if (report != null) {
                io.sparsim.core.files.OutputPaths.checkFolder("--report", report);
            }
        }

        Optional<PriceFile> prices() {
            return Optional.ofNullable(price).map(PriceFile::read);
        }

        List<Machine> machines(Optional<PriceFile> prices) {
            List<Machine> out = new ArrayList<>();
            for (String id : hw) {
                out.add(Machine.of(ProfileRegistry.bundled().get(id), prices));
            }
            return out;
        }

        List<SparsitySpec> specs() {
            List<SparsitySpec> out = new ArrayList<>();
            for (String s : sparsity) {
                out.add(Flags.sparsity(s));
            }
            return out;
        }

        ModelConfig modelConfig() {
            return ModelCatalog.bundled().get(model);
        }
    }

    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = "Serving plan: per hardware and sparsity, the cheapest configuration (replicas, tensor "
                    + "parallelism or wafer systems, continuous-batching batch) that meets the SLOs and the rate; "
                    + "without --rate the highest throughput per device within the SLOs.")
    static final class Serve implements Runnable {
        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Mixin
        Common common = new Common();

        @Option(names = "--rate", description = "output tokens per second to serve, all replicas together (default: "
                + "none, the highest throughput per device within the SLOs)")
        Double rate;

        @Option(names = "--input", required = true, description = "prompt tokens per request")
        int input;

        @Option(names = "--output", required = true, description = "generated tokens per request")
        int output;

        @Option(names = "--tpot-ms", description = "SLO: time per output token, milliseconds (default: no limit)")
        Double tpotMs;

        @Option(names = "--ttft-ms", description = "SLO: time to first token, milliseconds (default: no limit)")
        Double ttftMs;

        @Override
        public void run() {
            common.checkOutputs();
            Optional<PriceFile> prices = common.prices();
            ServePlanner planner = new ServePlanner(common.modelConfig(), common.machines(prices), common.specs(),
                    Precision.parse(common.dtype, "--dtype"), input, output, Optional.ofNullable(rate),
                    Optional.ofNullable(tpotMs).map(x -> x / 1e3), Optional.ofNullable(ttftMs).map(x -> x / 1e3),
                    common.seed);
            var err = spec.commandLine().getErr();
            ServePlan plan = planner.plan(ProgressBar.on(err), prices.map(PriceFile::note).orElse(null));
            if (common.report != null) {
                ReportFiles.write(common.report, "plan-serve", plan, PlanDocuments.serve(plan, PlanCharts.serve(plan)));
                err.println("plan: wrote " + common.report.resolve("plan-serve.html"));
            }
            spec.commandLine().getOut().print(common.format == OutputFormat.json ? Json.write(plan)
                    : TerminalWriter.write(PlanDocuments.serve(plan, List.of())));
        }
    }

    @Command(name = "train", mixinStandardHelpOptions = true,
            description = "Training plan: per hardware and sparsity, the devices or systems, parallelism and ZeRO stage "
                    + "within memory, step time, utilization, wall-clock days, energy and cost.")
    static final class Train implements Runnable {
        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Mixin
        Common common = new Common();

        @Option(names = "--tokens", required = true, description = "training tokens, e.g. 150e9")
        double tokens;

        @Option(names = "--days", description = "wall-clock budget: find the fewest devices that finish in time (no "
                + "default: give --days or --devices)")
        Double days;

        @Option(names = "--devices", description = "a fixed number of devices (GPUs or wafer systems) (no default: give "
                + "--days or --devices)")
        Integer devices;

        @Option(names = "--seq", required = true, description = "sequence length")
        int seq;

        @Option(names = "--global-batch", description = "sequences per optimizer step (default: about 4M tokens, "
                + "LLaMA-2's batch)")
        Integer globalBatch;

        @Option(names = "--workload", description = "a train workload file whose SAT ladder schedule (omission by "
                + "step) is applied to every option (default: none, no ladder)")
        Path workload;

        @Override
        public void run() {
            if ((days == null) == (devices == null)) {
                throw new BadInputException("--days/--devices", "exactly one of them", days == null ? "neither"
                        : "both");
            }
            common.checkOutputs();
            Optional<PriceFile> prices = common.prices();
            var schedule = Optional.ofNullable(workload).flatMap(f -> WorkloadLoader.bundled().load(f).schedule());
            if (workload != null && schedule.isEmpty()) {
                throw new BadInputException("--workload", "a train workload with a SAT ladder schedule", workload);
            }
            TrainPlanner planner = new TrainPlanner(common.modelConfig(), common.machines(prices), common.specs(),
                    Precision.parse(common.dtype, "--dtype"), tokens, Optional.ofNullable(days),
                    Optional.ofNullable(devices), seq, Optional.ofNullable(globalBatch), schedule, common.seed);
            var err = spec.commandLine().getErr();
            TrainPlan plan = planner.plan(ProgressBar.on(err), prices.map(PriceFile::note).orElse(null));
            if (common.report != null) {
                ReportFiles.write(common.report, "plan-train", plan, PlanDocuments.train(plan, PlanCharts.train(plan)));
                err.println("plan: wrote " + common.report.resolve("plan-train.html"));
            }
            spec.commandLine().getOut().print(common.format == OutputFormat.json ? Json.write(plan)
                    : TerminalWriter.write(PlanDocuments.train(plan, List.of())));
        }
    }
}
