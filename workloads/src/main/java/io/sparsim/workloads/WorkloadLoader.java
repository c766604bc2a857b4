package io.sparsim.workloads;

import io.sparsim.core.BadInputException;
import io.sparsim.core.tree.Node;
import io.sparsim.core.tree.Node.Entry;
import io.sparsim.core.tree.Node.ListNode;
import io.sparsim.core.tree.Node.MapNode;
import io.sparsim.core.tree.Node.Scalar;
import io.sparsim.core.tree.TreeParser;
import io.sparsim.core.Precision;
import io.sparsim.workloads.model.ModelCatalog;
import io.sparsim.workloads.model.ModelConfig;
import io.sparsim.workloads.sparsity.SparsitySpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Reads workload files:
 * <pre>
 * schema: sparsim/workload/v1
 * model: llama2-7b
 * phase: {kind: prefill|decode|train, batch: 8, seq: 2048, kv: 4096}
 * precision: bf16                       # optional, default bf16
 * sparsity: mlp=unstructured:0.7+attn=2:4   # optional, default dense
 * schedule: {kind: ladder, totalSteps: 1000, steps: [{until: 300, rate: 0.4}, ...]}  # optional, train only
 * </pre>
 * Unknown keys are errors; every error is a {@link BadInputException} at {@code file:line} with the
 * field path.
 */
public final class WorkloadLoader {
    public static final String SCHEMA = "sparsim/workload/v1";

    private static final Set<String> TOP = Set.of("schema", "model", "phase", "precision", "sparsity", "schedule");
    private static final Set<String> PHASE = Set.of("kind", "batch", "seq", "kv");
    private static final Set<String> SCHEDULE = Set.of("kind", "totalSteps", "steps");
    private static final Set<String> STEP = Set.of("until", "rate");
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");

    private final ModelCatalog catalog;

    /** A loader resolving model ids in {@code catalog}. */
    public WorkloadLoader(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    /** A loader over the bundled models. */
    public static WorkloadLoader bundled() {
        return new WorkloadLoader(ModelCatalog.bundled());
    }

    /** Loads a file; errors name it as given. */
    public Workload load(Path file) {
        return parse(file.toString(), TreeParser.readText(file, file.toString()));
    }

    /** Loads workload YAML {@code text}; {@code source} names it in errors (a file name or resource). */
    public Workload parse(String source, String text) {
        return new Reader(source).workload(TreeParser.parse(text, source, TreeParser.Syntax.YAML,
                "a mapping starting 'schema: " + SCHEMA + "'"));
    }

    /** Per-document state: the source name for located errors. */
    private final class Reader {
        private final String source;

        Reader(String source) {
            this.source = source;
        }

        Workload workload(Node root) {
            MapNode top = map(root, "", "a mapping starting 'schema: " + SCHEMA + "'", 1);
            Entry schema = top.entries().get("schema");
            if (schema == null) {
                throw error("schema", SCHEMA + " (missing)", null, root.line());
            }
            String schemaText = text(schema, "schema", SCHEMA);
            if (!SCHEMA.equals(schemaText == null ? null : schemaText.trim())) {
                throw error("schema", SCHEMA, schemaText, schema.value().line());
            }
            rejectUnknown(top, "", TOP, root.line());

            Entry modelEntry = required(top, "", "model", "a model id (" + catalog.ids() + ")", 1);
            ModelConfig model = located(modelEntry, () -> catalog.get(text(modelEntry, "model", "a model id")));

            Entry phaseEntry = required(top, "", "phase", "a mapping with kind, batch and seq or kv", 1);
            Phase phase = phase(phaseEntry);

            Precision precision = Precision.BF16;
            Entry pe = top.entries().get("precision");
            if (pe != null) {
                precision = located(pe, () -> Precision.parse(text(pe, "precision", "a precision"), "precision"));
            }

            SparsitySpec sparsity = SparsitySpec.DENSE;
            Entry se = top.entries().get("sparsity");
            if (se != null) {
                sparsity = located(se, () -> SparsitySpec.parse(text(se, "sparsity", "a sparsity spec")));
            }

            Optional<OmissionSchedule> schedule = Optional.empty();
            Entry sch = top.entries().get("schedule");
            if (sch != null) {
                schedule = Optional.of(schedule(sch));
            }
            Phase ph = phase;
            Precision pr = precision;
            SparsitySpec sp = sparsity;
            Optional<OmissionSchedule> sd = schedule;
            return located(sch != null ? sch.line() : 1, "", () -> new Workload(model, ph, pr, sp, sd));
        }

        private Phase phase(Entry e) {
            MapNode m = map(e.value(), "phase", "a mapping with kind, batch and seq or kv", e.line());
            rejectUnknown(m, "phase", PHASE, e.line());
            Entry kind = required(m, "phase", "kind", "a phase kind " + Phase.KINDS, e.line());
            String kindText = text(kind, "phase.kind", "a phase kind " + Phase.KINDS);
            Entry batch = required(m, "phase", "batch", "a positive batch size", e.line());
            int b = intValue(batch, "phase.batch", "a positive batch size");
            Entry seq = m.entries().get("seq");
            Entry kv = m.entries().get("kv");
            Integer s = seq == null ? null : intValue(seq, "phase.seq", "a positive sequence length");
            Integer k = kv == null ? null : intValue(kv, "phase.kv", "a positive KV length");
            try {
                return Phase.of(kindText, b, s, k);
            } catch (BadInputException ex) {
                int line = switch (ex.field() == null ? "" : ex.field()) {
                    case "phase.kind" -> kind.value().line();
                    case "phase.batch" -> batch.value().line();
                    case "phase.seq" -> seq != null ? seq.value().line() : e.line();
                    case "phase.kv" -> kv != null ? kv.value().line() : e.line();
                    default -> e.line();
                };
                throw ex.at(source, line);
            }
        }

        private OmissionSchedule schedule(Entry e) {
            String what = "a mapping with kind: ladder, totalSteps and steps";
            MapNode m = map(e.value(), "schedule", what, e.line());
            rejectUnknown(m, "schedule", SCHEDULE, e.line());
            Entry kind = required(m, "schedule", "kind", "ladder", e.line());
            String k = text(kind, "schedule.kind", "ladder");
            if (!"ladder".equals(k == null ? null : k.trim())) {
                throw error("schedule.kind", "ladder", k, kind.value().line());
            }
            Entry total = required(m, "schedule", "totalSteps", "a positive number of training steps", e.line());
            long totalSteps = longValue(total, "schedule.totalSteps", "a positive number of training steps");
            Entry stepsEntry = required(m, "schedule", "steps", "a list of {until, rate}", e.line());
            if (!(stepsEntry.value() instanceof ListNode list)) {
                throw error("schedule.steps", "a list of {until, rate}", describe(stepsEntry.value()),
                        stepsEntry.value().line());
            }
            List<OmissionSchedule.Step> steps = new ArrayList<>();
            for (int i = 0; i < list.items().size(); i++) {
                Node item = list.items().get(i);
                String path = "schedule.steps[" + i + "]";
                MapNode sm = map(item, path, "a mapping {until, rate}", item.line());
                rejectUnknown(sm, path, STEP, item.line());
                Entry until = required(sm, path, "until", "a positive step number", item.line());
                Entry rate = required(sm, path, "rate", "an omission rate in [0, 1)", item.line());
                long u = longValue(until, path + ".until", "a positive step number");
                double r = doubleValue(rate, path + ".rate", "an omission rate in [0, 1)");
                int line = u <= 0 ? until.value().line() : rate.value().line();
                steps.add(located(line, path, () -> new OmissionSchedule.Step(u, r)));
            }
            try {
                return new OmissionSchedule(totalSteps, steps);
            } catch (BadInputException ex) {
                int line = total.value().line();
                String f = ex.field() == null ? "" : ex.field();
                if (f.startsWith("schedule.steps[")) {
                    int i = Integer.parseInt(f.substring("schedule.steps[".length(), f.indexOf(']')));
                    line = list.items().get(i).line();
                } else if (f.equals("schedule.steps")) {
                    line = stepsEntry.line();
                }
                throw ex.at(source, line);
            }
        }

        // --- helpers -----------------------------------------------------------------------

        private MapNode map(Node n, String path, String expected, int contextLine) {
            if (n instanceof MapNode m) {
                return m;
            }
            throw error(path.isEmpty() ? null : path, expected, describe(n), n.line() > 0 ? n.line() : contextLine);
        }

        private void rejectUnknown(MapNode m, String path, Set<String> allowed, int line) {
            for (Entry en : m.entries().values()) {
                if (!allowed.contains(en.key())) {
                    throw error(join(path, en.key()), "a key " + String.join("|", ordered(allowed)), en.key(), en.line());
                }
            }
        }

        private Entry required(MapNode m, String path, String key, String expected, int contextLine) {
            Entry e = m.entries().get(key);
            if (e == null) {
                throw error(join(path, key), expected + " (missing)", null, contextLine);
            }
            return e;
        }

        private String text(Entry e, String field, String expected) {
            if (e.value() instanceof Scalar s && !s.isNull()) {
                return s.text();
            }
            throw error(field, expected, describe(e.value()), e.value() instanceof Scalar ? e.line() : e.value().line());
        }

        private int intValue(Entry e, String field, String expected) {
            long v = longValue(e, field, expected);
            if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
                throw error(field, expected + " below 2^31", String.valueOf(v), e.value().line());
            }
            return (int) v;
        }

        private long longValue(Entry e, String field, String expected) {
            String t = text(e, field, expected).trim();
            if (!INTEGER.matcher(t).matches() || t.length() > 18) {
                throw error(field, expected, t, e.value().line());
            }
            return Long.parseLong(t);
        }

        private double doubleValue(Entry e, String field, String expected) {
            String t = text(e, field, expected).trim();
            try {
                return Double.parseDouble(t);
            } catch (NumberFormatException ex) {
                throw error(field, expected, t, e.value().line());
            }
        }

        private BadInputException error(String field, String expected, String found, int line) {
            return new BadInputException(field, expected, found).at(source, line);
        }

        /** Runs {@code build}, locating a constructor's or parser's error at the value of {@code e}. */
        private <T> T located(Entry e, Supplier<T> build) {
            return located(e.value().line(), "", build);
        }

        /** Runs {@code build}, locating a constructor's error at {@code line} and prefixing its field with {@code prefix}. */
        private <T> T located(int line, String prefix, Supplier<T> build) {
            try {
                return build.get();
            } catch (BadInputException ex) {
                if (ex.source() != null) {
                    throw ex;
                }
                BadInputException b = prefix.isEmpty() ? ex : ex.under(prefix);
                throw b.at(source, line);
            }
        }
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static List<String> ordered(Set<String> allowed) {
        List<String> order = List.of("schema", "model", "phase", "precision", "sparsity", "schedule",
                "kind", "batch", "seq", "kv", "totalSteps", "steps", "until", "rate");
        return order.stream().filter(allowed::contains).toList();
    }

    private static String describe(Node n) {
        if (n instanceof Scalar s) {
            return s.text();
        }
        return n instanceof MapNode ? "a mapping" : "a list";
    }
}
