package io.sparsim.cli;

import io.sparsim.reports.text.Json;
import io.sparsim.reports.text.TableText;
import io.sparsim.workloads.model.ForwardFlops;
import io.sparsim.workloads.model.ModelCatalog;
import io.sparsim.workloads.model.ModelConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List and show the model catalog.",
        subcommands = {ModelsCommand.ListCmd.class, ModelsCommand.Show.class})
final class ModelsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing subcommand: list or show");
    }

    /** The JSON/table fields of one model; per-token FLOPs at {@code seq} attended positions. */
    static Map<String, Object> describe(ModelConfig m, int seq) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", m.id());
        row.put("name", m.name());
        row.put("parameters", m.parameters());
        row.put("matmulParameters", m.matmulParameters());
        row.put("layers", m.layers());
        row.put("hidden", m.hidden());
        row.put("intermediate", m.intermediate());
        row.put("heads", m.heads());
        row.put("kvHeads", m.kvHeads());
        row.put("headDim", m.headDim());
        row.put("vocab", m.vocab());
        row.put("seq", seq);
        row.put("forwardFlopsPerToken", ForwardFlops.perToken(m, seq));
        return row;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the catalog models.")
    static final class ListCmd implements Runnable {
        @Spec
        CommandSpec spec;

        @Option(names = "--format", defaultValue = "table", description = "table|json")
        OutputFormat format;

        @Override
        public void run() {
            List<ModelConfig> models = ModelCatalog.bundled().all();
            String text;
            if (format == OutputFormat.json) {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (ModelConfig m : models) {
                    rows.add(describe(m, 2048));
                }
                text = Json.write(rows);
            } else {
                Table t = Table.create("models",
                        StringColumn.create("id", models.stream().map(ModelConfig::id)),
                        LongColumn.create("parameters", models.stream().mapToLong(ModelConfig::parameters).toArray()),
                        IntColumn.create("layers", models.stream().mapToInt(ModelConfig::layers).toArray()),
                        IntColumn.create("hidden", models.stream().mapToInt(ModelConfig::hidden).toArray()),
                        IntColumn.create("intermediate", models.stream().mapToInt(ModelConfig::intermediate).toArray()),
                        IntColumn.create("heads", models.stream().mapToInt(ModelConfig::heads).toArray()),
                        IntColumn.create("kvHeads", models.stream().mapToInt(ModelConfig::kvHeads).toArray()),
                        IntColumn.create("vocab", models.stream().mapToInt(ModelConfig::vocab).toArray()));
                text = TableText.terminal(t);
            }
            spec.commandLine().getOut().print(text);
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one model's shape and size.")
    static final class Show implements Runnable {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID", description = "model id, see 'sparsim models list'")
        String id;

        @Option(names = "--seq", defaultValue = "2048",
                description = "attended sequence length for forwardFlopsPerToken (default ${DEFAULT-VALUE})")
        int seq;

        @Option(names = "--format", defaultValue = "table", description = "table|json")
        OutputFormat format;

        @Override
        public void run() {
            if (seq < 1) {
                throw new io.sparsim.core.BadInputException("--seq", "a positive sequence length", seq);
            }
            Map<String, Object> row = describe(ModelCatalog.bundled().get(id), seq);
            spec.commandLine().getOut().print(format == OutputFormat.json ? Json.write(row) : Trees.render(row));
        }
    }
}
