package io.sparsim.validation.references;

import io.sparsim.core.BadInputException;
import io.sparsim.core.Precision;
import io.sparsim.core.tree.Node;
import io.sparsim.core.tree.TreeParser;
import io.sparsim.hwprofiles.Fields;
import io.sparsim.hwprofiles.GpuProfile;
import io.sparsim.hwprofiles.ProfileRegistry;
import io.sparsim.hwprofiles.units.Frequency;
import io.sparsim.simulator.TargetOptions;
import io.sparsim.workloads.Parallelism;
import io.sparsim.workloads.Phase;
import io.sparsim.workloads.model.ModelCatalog;
import io.sparsim.workloads.sparsity.SparsitySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Reads {@code sparsim/reference/v1} files strictly: unknown keys, missing fields, bad values, unknown profiles,
 * models, precisions and sparsity specs, and duplicate ids are errors naming file, line and field.
 */
public final class ReferenceReader {
    public static final String SCHEMA = "sparsim/reference/v1";
    private static final List<String> TOP = List.of("schema", "references");
    private static final List<String> ENTRY = List.of("id", "group", "hardware", "software", "workload", "metric",
            "value", "kind", "source", "tolerance", "knownMiss", "why", "note", "clock");
    private static final List<String> CLOCK = List.of("held", "basis");
    private static final List<String> GEMM = List.of("m", "n", "k", "dtype", "sparsity", "kernel");
    private static final List<String> STEP = List.of("model", "phase", "batch", "seq", "kv", "dtype", "sparsity",
            "mode", "systems", "baselineDtype", "tp", "pp", "dp", "microBatch");
    private static final List<String> REQUEST = List.of("model", "batch", "input", "output", "dtype", "sparsity", "tp",
            "pp", "dp");

    private final ProfileRegistry profiles;
    private final Set<String> hardware;
    private final ModelCatalog models;

    /** A reader that accepts the profiles of {@code profiles} and the models of {@code models}. */
    public ReferenceReader(ProfileRegistry profiles, ModelCatalog models) {
        this.profiles = profiles;
        this.hardware = Set.copyOf(profiles.ids());
        this.models = models;
    }

    /** Every {@code *.yaml} file of {@code dir}, in name order; ids must be unique across them. */
    public List<Reference> readDirectory(Path dir) {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new BadInputException("--references", "a readable folder of reference files",
                    dir + " (" + e.getClass().getSimpleName() + ")");
        }
        if (files.isEmpty()) {
            throw new BadInputException("--references", "a folder with *.yaml reference files", dir.toString());
        }
        List<Reference> all = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (Path f : files) {
            String text;
            try {
                text = Files.readString(f, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new BadInputException(null, "a readable file", e.getClass().getSimpleName()).at(f.toString(), 0);
            }
            for (Located r : parse(text, f.toString())) {
                String first = seen.putIfAbsent(r.reference().id(), r.where());
                if (first != null) {
                    throw new BadInputException("id", "an id used once over all reference files (first at " + first
                            + ")", r.reference().id()).at(f.toString(), r.line());
                }
                all.add(r.reference());
            }
        }
        return all;
    }

    /** The entries of one file's text; {@code file} names it in errors. */
    public List<Reference> read(String text, String file) {
        return parse(text, file).stream().map(Located::reference).toList();
    }

    private record Located(Reference reference, String file, int line) {
        String where() {
            return file + ":" + line;
        }
    }

    private List<Located> parse(String text, String file) {
        Fields top = Fields.of(TreeParser.parseMap(text, file, TreeParser.Syntax.YAML,
                "a sparsim/reference/v1 mapping with schema and references"), "", TOP);
        String schema = top.text("schema");
        if (!schema.equals(SCHEMA)) {
            throw top.error("schema", top.scalar("schema", SCHEMA), SCHEMA, schema);
        }
        Node.ListNode list = top.list("references", "a list of reference entries");
        if (list.items().isEmpty()) {
            throw new BadInputException("references", "at least one entry", "an empty list").at(file, list.line());
        }
        Map<String, Integer> ids = new HashMap<>();
        List<Located> out = new ArrayList<>();
        for (int i = 0; i < list.items().size(); i++) {
            Node item = list.items().get(i);
            String path = "references[" + i + "]";
            if (!(item instanceof Node.MapNode map)) {
                throw new BadInputException(path, "a mapping with keys " + String.join(", ", ENTRY), item.describe())
                        .at(item.file(), item.line());
            }
            Fields e = Fields.of(map, path, ENTRY);
            Reference r = entry(e);
            Integer first = ids.putIfAbsent(r.id(), map.line());
            if (first != null) {
                throw e.error("id", e.scalar("id", "an id"), "an id used once (first at line " + first + ")", r.id());
            }
            out.add(new Located(r, file, map.line()));
        }
        return out;
    }

    private Reference entry(Fields e) {
        String id = e.text("id");
        Reference.Group group = at(e, "group", () -> Reference.Group.parse(e.text("group"), "group"));
        String hw = e.text("hardware");
        if (!hardware.contains(hw)) {
            throw e.error("hardware", e.scalar("hardware", ""), "a bundled profile id (" + String.join(", ",
                    hardware.stream().sorted().toList()) + ")", hw);
        }
        Fields sw = e.child("software", List.of("library", "version"));
        Reference.Software software = sw.build(() -> new Reference.Software(sw.text("library"), sw.text("version")));
        ReferenceWorkload workload = workload(e);
        Optional<Reference.HeldClock> clock = e.has("clock") ? Optional.of(clock(e, hw)) : Optional.empty();
        Reference.Metric metric = at(e, "metric", () -> Reference.Metric.parse(e.text("metric"), "metric"));
        OptionalDouble value = e.has("value") ? OptionalDouble.of(e.number("value")) : OptionalDouble.empty();
        Reference.Kind kind = at(e, "kind", () -> Reference.Kind.parse(e.text("kind"), "kind"));
        String source = e.text("source");
        double tolerance = e.number("tolerance");
        Optional<String> knownMiss = e.has("knownMiss") ? Optional.of(e.text("knownMiss")) : Optional.empty();
        Optional<String> why = e.has("why") ? Optional.of(e.text("why")) : Optional.empty();
        if (e.has("note")) {
            e.text("note");
        }
        return e.build(() -> new Reference(id, group, hw, software, workload, clock, metric, value, kind, source, tolerance,
                knownMiss, why));
    }

    /** {@code clock: {held: 1410 MHz, basis: ...}}: a GPU's SM clock, no higher than the boost clock of its profile. */
    private Reference.HeldClock clock(Fields e, String hw) {
        Fields c = e.child("clock", CLOCK);
        Frequency held = c.unit("held", Frequency::parse, Frequency.expected());
        if (!(profiles.get(hw) instanceof GpuProfile gpu)) {
            throw c.error("held", c.scalar("held", ""), "a clock only for a GPU (" + hw + " is not one)",
                    held.format());
        }
        at(c, "held", () -> gpu.heldAt(held));
        String basis = c.text("basis");
        return c.build(() -> new Reference.HeldClock(held, basis));
    }

    private ReferenceWorkload workload(Fields e) {
        Fields w = e.child("workload", List.of("gemm", "step", "request"));
        if (w.keys().size() != 1) {
            throw new BadInputException(Fields.join(e.path(), "workload"), "exactly one of gemm, step, request",
                    String.join(", ", w.keys())).at(w.node().file(), w.node().line());
        }
        String kind = w.keys().get(0);
        switch (kind) {
            case "gemm": {
                Fields g = w.child("gemm", GEMM);
                String dtype = dtype(g, "dtype");
                String sparsity = sparsity(g);
                Optional<String> kernel = g.has("kernel") ? Optional.of(g.text("kernel")) : Optional.empty();
                return g.build(() -> new ReferenceWorkload.GemmCase(g.count("m"), g.count("n"), g.count("k"), dtype,
                        sparsity, kernel));
            }
            case "step": {
                Fields s = w.child("step", STEP);
                String model = model(s);
                String phase = s.text("phase");
                int batch = s.count("batch");
                Optional<Integer> seq = s.has("seq") ? Optional.of(s.count("seq")) : Optional.empty();
                Optional<Integer> kv = s.has("kv") ? Optional.of(s.count("kv")) : Optional.empty();
                at(s, "phase", () -> Phase.of(phase, batch, seq.orElse(null), kv.orElse(null)));
                String mode = s.has("mode") ? s.text("mode") : TargetOptions.AUTO;
                at(s, "mode", () -> new TargetOptions(mode, 1, 1L));
                int systems = !s.has("systems") ? 1 : s.text("systems").equals(TargetOptions.AUTO)
                        ? TargetOptions.AUTO_SYSTEMS : s.count("systems");
                Optional<String> baseline = s.has("baselineDtype") ? Optional.of(dtype(s, "baselineDtype"))
                        : Optional.empty();
                String dtype = dtype(s, "dtype");
                String sparsity = sparsity(s);
                Parallelism parallel = parallel(s, model);
                if (!parallel.isSingleDevice()) {
                    at(s, "batch", () -> parallel.microBatchOf(parallel.replicaBatch(batch)));
                }
                return s.build(() -> new ReferenceWorkload.Step(model, phase, batch, seq, kv, dtype, sparsity, mode,
                        systems, baseline, parallel));
            }
            default: {
                Fields r = w.child("request", REQUEST);
                String model = model(r);
                String dtype = dtype(r, "dtype");
                String sparsity = sparsity(r);
                Parallelism parallel = parallel(r, model);
                return r.build(() -> new ReferenceWorkload.Request(model, r.count("batch"), r.count("input"),
                        r.count("output"), dtype, sparsity, parallel));
            }
        }
    }

    /**
     * The split over devices, as {@code predict --tp/--pp/--dp/--micro-batch} takes it: each degree a positive
     * count, tp dividing the model's attention heads, pp at most one stage per layer.
     */
    private Parallelism parallel(Fields f, String model) {
        int tp = f.has("tp") ? f.count("tp") : 1;
        int pp = f.has("pp") ? f.count("pp") : 1;
        int dp = f.has("dp") ? f.count("dp") : 1;
        int micro = f.has("microBatch") ? f.count("microBatch") : 0;
        var m = models.get(model);
        if (m.heads() % tp != 0) {
            throw f.error("tp", f.scalar("tp", ""), "a degree that divides the " + m.heads() + " attention heads of "
                    + model, String.valueOf(tp));
        }
        if (pp > m.layers()) {
            throw f.error("pp", f.scalar("pp", ""), "at most one stage per layer (" + m.layers() + ")",
                    String.valueOf(pp));
        }
        return new Parallelism(tp, pp, dp, Parallelism.ZeroStage.NONE, micro);
    }

    private String model(Fields f) {
        String model = f.text("model");
        return at(f, "model", () -> models.get(model).id());
    }

    private static String dtype(Fields f, String key) {
        String text = f.text(key);
        return at(f, key, () -> Precision.parse(text, key).id());
    }

    private static String sparsity(Fields f) {
        String text = f.text("sparsity");
        at(f, "sparsity", () -> SparsitySpec.parse(text));
        return text;
    }

    /** Runs a parse of one scalar field; its error gets the field's path and line. */
    private static <T> T at(Fields f, String key, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (BadInputException ex) {
            Node.Scalar s = f.scalar(key, "");
            return rethrow(new BadInputException(Fields.join(f.path(), key), ex.expected(), ex.found())
                    .at(s.file(), s.line()));
        }
    }

    private static <T> T rethrow(BadInputException e) {
        throw e;
    }
}
