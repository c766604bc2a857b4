package io.sparsim.cli;

import io.sparsim.hwprofiles.HardwareProfile;
import io.sparsim.hwprofiles.ProfileRegistry;
import io.sparsim.reports.text.Json;
import io.sparsim.reports.text.TableText;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

@Command(name = "profiles", mixinStandardHelpOptions = true,
        description = "List, show and validate hardware profiles.",
        subcommands = {ProfilesCommand.ListCmd.class, ProfilesCommand.Show.class, ProfilesCommand.Validate.class})
final class ProfilesCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing subcommand: list, show or validate");
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the bundled profiles.")
    static final class ListCmd implements Runnable {
        @Spec
        CommandSpec spec;

        @Option(names = "--format", defaultValue = "table", description = "table|json")
        OutputFormat format;

        @Override
        public void run() {
            ProfileRegistry registry = ProfileRegistry.bundled();
            List<HardwareProfile> profiles = new ArrayList<>();
            for (String id : registry.ids()) {
                profiles.add(registry.get(id));
            }
            Map<String, String> aliases = registry.aliases();
            String text;
            if (format == OutputFormat.json) {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (HardwareProfile p : profiles) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("id", p.id());
                    row.put("alias", aliases.getOrDefault(p.id(), p.id()));
                    row.put("kind", p.kind().name().toLowerCase(java.util.Locale.ROOT));
                    row.put("name", p.name());
                    rows.add(row);
                }
                text = Json.write(rows);
            } else {
                Table t = Table.create("profiles",
                        StringColumn.create("id", profiles.stream().map(HardwareProfile::id)),
                        StringColumn.create("alias", profiles.stream()
                                .map(p -> aliases.getOrDefault(p.id(), p.id()))),
                        StringColumn.create("kind", profiles.stream()
                                .map(p -> p.kind().name().toLowerCase(java.util.Locale.ROOT))),
                        StringColumn.create("name", profiles.stream().map(HardwareProfile::name)));
                text = TableText.terminal(t);
            }
            spec.commandLine().getOut().print(text);
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Show one profile (a bundled id or a file) with units and sources.")
    static final class Show implements Runnable {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID", description = "bundled profile id or profile file path")
        String id;

        @Option(names = "--format", defaultValue = "table", description = "table|json")
        OutputFormat format;

        @Override
        public void run() {
            HardwareProfile p = HostProfiles.get(id, spec.commandLine().getErr());
            Map<String, Object> tree = ProfileRegistry.describe(p);
            String text = format == OutputFormat.json ? Json.write(tree) : Trees.render(tree);
            spec.commandLine().getOut().print(text);
        }
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = "Validate profile files; prints one line per valid file, or the first error (exit 2).")
    static final class Validate implements Runnable {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", arity = "1..*", description = "profile files (YAML or JSON)")
        List<Path> files;

        @Option(names = "--format", defaultValue = "table", description = "table|json (default ${DEFAULT-VALUE})")
        OutputFormat format;

        /** A valid file: the profile it defines. */
        record Valid(String file, String id, String kind) {}

        @Override
        public void run() {
            List<HardwareProfile> ok = ProfileRegistry.bundled().validate(files);
            if (format == OutputFormat.json) {
                List<Valid> valid = new ArrayList<>();
                for (int i = 0; i < files.size(); i++) {
                    valid.add(new Valid(files.get(i).toString(), ok.get(i).id(),
                            ok.get(i).kind().name().toLowerCase(java.util.Locale.ROOT)));
                }
                spec.commandLine().getOut().print(Json.write(Map.of("valid", valid)));
                return;
            }
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < files.size(); i++) {
                HardwareProfile p = ok.get(i);
                sb.append("ok ").append(files.get(i)).append(": ").append(p.id()).append(" (")
                        .append(p.kind().name().toLowerCase(java.util.Locale.ROOT)).append(")\n");
            }
            spec.commandLine().getOut().print(sb);
        }
    }
}
