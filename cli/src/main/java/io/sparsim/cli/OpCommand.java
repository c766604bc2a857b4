package io.sparsim.cli;

import io.sparsim.core.BadInputException;
import io.sparsim.core.Precision;
import io.sparsim.hwprofiles.ProfileRegistry;
import io.sparsim.reports.predict.OpReport;
import io.sparsim.reports.text.Json;
import io.sparsim.reports.write.TerminalWriter;
import io.sparsim.simulator.Fidelity;
import io.sparsim.simulator.OpEstimate;
import io.sparsim.simulator.Simulator;
import io.sparsim.simulator.Target;
import io.sparsim.workloads.model.LayerType;
import io.sparsim.workloads.ops.Gemm;
import io.sparsim.workloads.sparsity.SparsitySpec;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "op", mixinStandardHelpOptions = true, description = "Simulate one operator.",
        subcommands = {OpCommand.GemmCmd.class})
final class OpCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing operator: gemm");
    }

    @Command(name = "gemm", mixinStandardHelpOptions = true,
            description = "C[m×n] = A[m×k]·W[k×n] with a (sparse) weight W: simulated and roofline time.")
    static final class GemmCmd implements Runnable {
        @Spec
        CommandSpec spec;

        @Option(names = "--hw", required = true, description = "profile id, alias (h100, wse3, epyc-9654: see 'profiles list') or file")
        String hw;

        @Option(names = "--m", required = true, description = "rows of A and C (tokens)")
        long m;

        @Option(names = "--n", required = true, description = "columns of W and C (output features)")
        long n;

        @Option(names = "--k", required = true, description = "reduction dimension (input features)")
        long k;

        @Option(names = "--dtype", defaultValue = "bf16", description = "bf16|fp16|fp8|int8|fp32")
        String dtype;

        @Option(names = "--sparsity", defaultValue = "dense", description = "weight sparsity, e.g. 2:4, unstructured:0.7")
        String sparsity;

        @Option(names = "--fidelity", defaultValue = "fast", description = "fast|detailed")
        String fidelity;

        @Option(names = "--format", defaultValue = "table", description = "table|json")
        OutputFormat format;

        @Override
        public void run() {
            Precision p = Precision.parse(dtype, "--dtype");
            Fidelity f = Fidelity.parse(fidelity, "--fidelity");
            SparsitySpec s = Flags.sparsity(sparsity);
            for (var e : List.of(Map.entry("--m", m), Map.entry("--n", n), Map.entry("--k", k))) {
                if (e.getValue() <= 0 || e.getValue() > Flags.MAX_DIM) {
                    throw new BadInputException(e.getKey(), "a positive integer up to " + Flags.MAX_DIM
                            + " (2^24)", e.getValue());
                }
            }
            Target target = Simulator.target(ProfileRegistry.bundled().get(hw));
            Gemm sparse = Gemm.forward("gemm", LayerType.Q, m, n, k, p, s.weight(LayerType.Q));
            OpEstimate est = target.estimate(sparse, f);
            OpEstimate dense = target.estimate(Gemm.forward("gemm", LayerType.Q, m, n, k, p,
                    io.sparsim.workloads.sparsity.WeightSparsity.DENSE), f);
            OpReport report = OpReport.gemm(target.hardwareId(), m, n, k, p.id(), s.weight(LayerType.Q).toString(),
                    f.id(), est, dense);
            spec.commandLine().getOut().print(format == OutputFormat.json ? Json.write(report)
                    : TerminalWriter.write(report.document()));
        }
    }
}
