package io.sparsim.cli;

import io.sparsim.core.BadInputException;
import io.sparsim.validation.cpu.CpuMeasureSuite;
import io.sparsim.validation.cpu.KernelPool;
import io.sparsim.validation.measure.Measurement;
import io.sparsim.validation.measure.MeasurementWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "measure", mixinStandardHelpOptions = true,
        description = "Time real kernels on this machine and write a sparsim/measurements/v1 file.")
final class MeasureCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--backend", required = true, description = "cpu (Sparsim's Java kernels)")
    String backend;

    @Option(names = "--suite", defaultValue = "quick", description = "quick|full (default ${DEFAULT-VALUE})")
    String suite;

    @Option(names = "--threads", description = "worker threads (default: all cores)")
    Integer threads;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the random weights and masks")
    long seed;

    @Option(names = "--out", required = true, description = "measurement file to write (atomically)")
    Path out;

    @Override
    public void run() {
        if (!backend.equals("cpu")) {
            throw new BadInputException("--backend", "cpu", backend);
        }
        CpuMeasureSuite.Suite s = CpuMeasureSuite.Suite.parse(suite, "--suite");
        int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (n < 1) {
            throw new BadInputException("--threads", "a positive number of threads", n);
        }
        var err = spec.commandLine().getErr();
        Measurement m;
        try (KernelPool pool = new KernelPool(n)) {
            CpuMeasureSuite.Timing timing = s == CpuMeasureSuite.Suite.QUICK ? CpuMeasureSuite.Timing.quick()
                    : CpuMeasureSuite.Timing.full();
            m = new CpuMeasureSuite(pool, timing, seed).run(s, line -> err.println(line));
        }
        new MeasurementWriter().write(m, out);
        err.println("measure: wrote " + m.cases().size() + " cases to " + out);
    }
}
