package io.sparsim.validation.gpu;

import io.sparsim.core.BadInputException;
import io.sparsim.core.tree.Node;
import io.sparsim.core.tree.Node.Entry;
import io.sparsim.core.tree.Node.ListNode;
import io.sparsim.core.tree.Node.MapNode;
import io.sparsim.core.tree.Node.Scalar;
import io.sparsim.core.tree.Node.Type;
import io.sparsim.core.tree.TreeParser;
import io.sparsim.core.Precision;
import io.sparsim.validation.measure.Format;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Strict reader of {@value GpuPlan#SCHEMA} files: unknown fields are errors and every problem is a
 * {@link BadInputException} naming file, line and field path. The Python runner applies the same rules, so a plan
 * this reader accepts is one the runner accepts.
 */
public final class GpuPlanReader {
    private static final Set<String> TOP = Set.of("schema", "description", "seed", "timing", "cases");
    private static final List<String> TIMING = List.of("warmupCalls", "warmupSeconds", "samples", "minSampleSeconds",
            "l2Multiple", "maxBufferSets", "fallbackRotationBytes");
    private static final List<String> GEMM = List.of("id", "op", "m", "n", "k", "dtype", "precision", "sparsity",
            "format", "library", "layers");
    private static final List<String> COPY = List.of("id", "op", "bytes");

    public GpuPlan read(Path file) {
        return read(TreeParser.readText(file, file.toString()), file.toString());
    }

    public GpuPlan read(String text, String source) {
        Node root = TreeParser.parse(text, source, TreeParser.Syntax.JSON, "a JSON object");
        MapNode top = object(root, "", source);
        known(top, TOP, "", source);
        Node schema = require(top, "schema", "", source);
        if (!(schema instanceof Scalar v) || v.type() != Type.STRING || !GpuPlan.SCHEMA.equals(v.text())) {
            throw new BadInputException("schema", "'" + GpuPlan.SCHEMA + "'", schema.describe()).at(source, schema.line());
        }
        String description = string(top, "description", "", source);
        long seed = integer(top, "seed", "", source, Long.MIN_VALUE, Long.MAX_VALUE);
        MapNode t = object(require(top, "timing", "", source), "timing", source);
        known(t, Set.copyOf(TIMING), "timing", source);
        TIMING.forEach(f -> require(t, f, "timing", source));
        PlanTiming timing = build(t, "timing", source, () -> new PlanTiming(
                (int) integer(t, "warmupCalls", "timing", source, Integer.MIN_VALUE, Integer.MAX_VALUE),
                number(t, "warmupSeconds", "timing", source),
                (int) integer(t, "samples", "timing", source, Integer.MIN_VALUE, Integer.MAX_VALUE),
                number(t, "minSampleSeconds", "timing", source),
                number(t, "l2Multiple", "timing", source),
                (int) integer(t, "maxBufferSets", "timing", source, Integer.MIN_VALUE, Integer.MAX_VALUE),
                integer(t, "fallbackRotationBytes", "timing", source, Long.MIN_VALUE, Long.MAX_VALUE)));
        Node casesNode = require(top, "cases", "", source);
        if (!(casesNode instanceof ListNode arr)) {
            throw new BadInputException("cases", "a list of cases", casesNode.describe()).at(source, casesNode.line());
        }
        List<PlanCase> cases = new ArrayList<>();
        for (int i = 0; i < arr.items().size(); i++) {
            cases.add(planCase(object(arr.items().get(i), "cases[" + i + "]", source), "cases[" + i + "]", source));
        }
        try {
            return new GpuPlan(description, seed, timing, cases);
        } catch (BadInputException e) {
            int line = casesNode.line();
            String f = e.field() == null ? "" : e.field();
            if (f.startsWith("cases[")) {
                line = arr.items().get(Integer.parseInt(f.substring(6, f.indexOf(']')))).line();
            } else if (top.entries().containsKey(f)) {
                line = top.get(f).line();
            }
            throw e.at(source, line);
        }
    }

    private PlanCase planCase(MapNode c, String path, String src) {
        String op = string(c, "op", path, src);
        if (op.equals("copy")) {
            known(c, Set.copyOf(COPY), path, src);
            COPY.forEach(f -> require(c, f, path, src));
            return build(c, path, src, () -> new CopyCase(string(c, "id", path, src),
                    integer(c, "bytes", path, src, Long.MIN_VALUE, Long.MAX_VALUE)));
        }
        if (!op.equals("gemm")) {
            throw new BadInputException(path + ".op", "'gemm' or 'copy'", op).at(src, c.get("op").line());
        }
        known(c, Set.copyOf(GEMM), path, src);
        GEMM.forEach(f -> require(c, f, path, src));
        Node layersNode = c.get("layers");
        if (!(layersNode instanceof ListNode la)) {
            throw new BadInputException(path + ".layers", "a list of layer names", layersNode.describe())
                    .at(src, layersNode.line());
        }
        List<String> layers = new ArrayList<>();
        for (int i = 0; i < la.items().size(); i++) {
            Node n = la.items().get(i);
            if (!(n instanceof Scalar v) || v.type() != Type.STRING) {
                throw new BadInputException(path + ".layers[" + i + "]", "a string", n.describe()).at(src, n.line());
            }
            layers.add(v.text());
        }
        return build(c, path, src, () -> new GemmCase(string(c, "id", path, src),
                (int) integer(c, "m", path, src, Integer.MIN_VALUE, Integer.MAX_VALUE),
                (int) integer(c, "n", path, src, Integer.MIN_VALUE, Integer.MAX_VALUE),
                (int) integer(c, "k", path, src, Integer.MIN_VALUE, Integer.MAX_VALUE),
                Precision.parse(string(c, "dtype", path, src), "dtype"),
                Precision.parse(string(c, "precision", path, src), "precision"),
                string(c, "sparsity", path, src),
                Format.parse(string(c, "format", path, src), "format"),
                GpuLibrary.parse(string(c, "library", path, src), "library"),
                layers));
    }

    /** Runs a record constructor, locating its error at the offending field's line under {@code path}. */
    private static <T> T build(MapNode o, String path, String src, Supplier<T> make) {
        try {
            return make.get();
        } catch (BadInputException e) {
            if (e.source() != null) {
                throw e;
            }
            String field = e.field() == null ? "" : e.field();
            int bracket = field.indexOf('[');
            Node at = o.get(bracket < 0 ? field : field.substring(0, bracket)) == null ? o : o.get(bracket < 0 ? field : field.substring(0, bracket));
            throw (path.isEmpty() ? e : e.under(path)).at(src, at.line());
        }
    }

    private static void known(MapNode o, Set<String> allowed, String path, String src) {
        for (Map.Entry<String, Entry> e : o.entries().entrySet()) {
            if (!allowed.contains(e.getKey())) {
                throw new BadInputException(join(path, e.getKey()), "a known field (" + String.join(", ",
                        allowed.stream().sorted().toList()) + ")", e.getKey()).at(src, e.getValue().line());
            }
        }
    }

    private static Node require(MapNode o, String field, String path, String src) {
        Node n = o.get(field);
        if (n == null) {
            throw new BadInputException(join(path, field), "a value (the field is required)", null).at(src, o.line());
        }
        return n;
    }

    private static MapNode object(Node n, String path, String src) {
        if (!(n instanceof MapNode o)) {
            throw new BadInputException(path, "an object", n.describe()).at(src, n.line());
        }
        return o;
    }

    private static String string(MapNode o, String field, String path, String src) {
        Node n = require(o, field, path, src);
        if (!(n instanceof Scalar v) || v.type() != Type.STRING) {
            throw new BadInputException(join(path, field), "a string", n.describe()).at(src, n.line());
        }
        return v.text();
    }

    private static long integer(MapNode o, String field, String path, String src, long min, long max) {
        Node n = require(o, field, path, src);
        if (n instanceof Scalar v && v.isInteger()) {
            try {
                long x = Long.parseLong(v.text());
                if (x >= min && x <= max) {
                    return x;
                }
            } catch (NumberFormatException e) {
                // falls through to the error below
            }
        }
        throw new BadInputException(join(path, field), "an integer", n.describe()).at(src, n.line());
    }

    private static double number(MapNode o, String field, String path, String src) {
        Node n = require(o, field, path, src);
        if (n instanceof Scalar v && (v.type() == Type.NUMBER)) {
            return Double.parseDouble(v.text());
        }
        throw new BadInputException(join(path, field), "a number", n.describe()).at(src, n.line());
    }

    private static String join(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }
}
