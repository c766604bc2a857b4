package io.sparsim.cli;

import io.sparsim.core.BadInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code sparsim} command: composition root, parses flags, prints results, maps errors to exit codes. */
@Command(name = "sparsim",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Predicts how sparse LLaMA-family models run on wafer-scale engines, GPUs and CPUs.",
        subcommands = {ProfilesCommand.class, ModelsCommand.class, OpCommand.class, PredictCommand.class,
                SweepCommand.class, PlanCommand.class, MeasureCommand.class, ValidateCommand.class, CalibrateCommand.class,
                CheckCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** Exit code for bad input (files, flags, specs). */
    static final int EXIT_BAD_INPUT = 2;
    /**
     * Exit code for a failed check (validate/check over tolerance), and for a fault of Sparsim itself: a
     * gate must fail closed, and the contract has three codes only.
     */
    static final int EXIT_CHECK_FAILED = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int code = run(out, err, args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs the CLI in-process; returns the exit code. Used by {@link #main} and the tests. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        StringWriter buffer = new StringWriter();
        int code = execute(new PrintWriter(buffer, true), err, args);
        String text = buffer.toString();
        Matcher bad = NOT_FINITE.matcher(text);
        if (bad.find()) {
            // a result that holds no number must never read like an answer
            int from = Math.max(0, text.lastIndexOf('\n', bad.start()) + 1);
            int to = text.indexOf('\n', bad.start());
            String line = text.substring(from, to < 0 ? text.length() : to).strip();
            err.println("sparsim: internal error (please report with the command line): a result is not a finite "
                    + "number: " + (line.length() > 120 ? line.substring(0, 117) + "..." : line));
            return EXIT_CHECK_FAILED;
        }
        out.print(text);
        out.flush();
        return code;
    }

    /** NaN or an infinity as Java, JSON or a table writes it. */
    private static final Pattern NOT_FINITE = Pattern.compile("(?<![A-Za-z])(NaN|-?Infinity|-?Inf)(?![A-Za-z])");

    private static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        showDefaults(cli);
        cli.setParameterExceptionHandler((ex, a) -> {
            String help = ex.getCommandLine().getCommandSpec().qualifiedName();
            err.println("sparsim: " + oneLine(ex.getMessage()) + " (see '" + help + " --help')");
            return EXIT_BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof BadInputException bad) {
                err.println("sparsim: " + oneLine(bad.getMessage()));
                return EXIT_BAD_INPUT;
            }
            return internalError(err, ex);
        });
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError | StackOverflowError e) {
            return internalError(err, e);
        }
    }

    /** Every option with a default shows it in --help (once: some descriptions already say it). */
    private static void showDefaults(CommandLine cli) {
        CommandLine.Model.CommandSpec spec = cli.getCommandSpec();
        for (CommandLine.Model.OptionSpec o : List.copyOf(spec.options())) {
            boolean said = String.join(" ", o.description()).contains("(default ");
            if (o.defaultValue() != null && !said && !o.usageHelp() && !o.versionHelp()) {
                spec.remove(o);
                spec.addOption(o.toBuilder().showDefaultValue(CommandLine.Help.Visibility.ALWAYS).build());
            }
        }
        for (CommandLine sub : cli.getSubcommands().values()) {
            showDefaults(sub);
        }
    }

    /**
     * A fault of Sparsim, not of the input: one line without a stack trace (set SPARSIM_DEBUG=1 for it), and
     * exit 1 so that no gate passes on it.
     */
    private static int internalError(PrintWriter err, Throwable ex) {
        String what = ex.getMessage() == null ? "no message" : oneLine(ex.getMessage());
        err.println("sparsim: internal error (please report with the command line): " + what);
        if (System.getenv("SPARSIM_DEBUG") != null) {
            ex.printStackTrace(err);
        }
        return EXIT_CHECK_FAILED;
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }

    /** Reads the version Maven filtered into the jar. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {
                "sparsim " + p.getProperty("version", "unknown"),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"
            };
        }
    }
}
