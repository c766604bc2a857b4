package io.sparsim.validation.measure;

import io.sparsim.core.BadInputException;
import io.sparsim.core.tree.Node;
import io.sparsim.core.tree.Node.Entry;
import io.sparsim.core.tree.Node.ListNode;
import io.sparsim.core.tree.Node.MapNode;
import io.sparsim.core.tree.Node.Scalar;
import io.sparsim.core.tree.Node.Type;
import io.sparsim.core.tree.TreeParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Strict reader of {@value Measurement#SCHEMA} JSON files. Every problem is a {@link BadInputException}
 * naming the file, the line of the offending value and its field path, e.g.
 * {@code run.json:41: cases[3].medianSeconds: expected a positive number of seconds, got '-1'}.
 * Unknown fields are errors, so a typo never silently drops data.
 *
 * <p>It parses into a {@link io.sparsim.core.tree.TreeParser} tree, which remembers the line of every value, then binds by hand.
 */
public final class MeasurementReader {
    private static final Set<String> TOP = Set.of("schema", "host", "cases");
    private static final List<String> REQUIRED = List.of("id", "op", "m", "n", "k", "dtype", "sparsity",
            "format", "threads", "samplesSeconds", "medianSeconds", "p10Seconds", "p90Seconds");
    private static final Set<String> OPTIONAL = Set.of("precision", "backend", "library");
    private static final String SECONDS = "a positive number of seconds";

    /** Reads and validates {@code file}. */
    public Measurement read(Path file) {
        return read(TreeParser.readText(file, file.toString()), file.toString());
    }

    /** Reads and validates JSON text; {@code source} names it in error messages. */
    public Measurement read(String text, String source) {
        return bind(TreeParser.parse(text, source, TreeParser.Syntax.JSON, "a JSON object with schema, host and cases"), source);
    }

    // ---- binding ----

    private Measurement bind(Node root, String src) {
        MapNode top = object(root, "", src);
        for (Map.Entry<String, Entry> e : top.entries().entrySet()) {
            if (!TOP.contains(e.getKey())) {
                throw new BadInputException(e.getKey(), "a known field (schema, host, cases)", e.getKey())
                        .at(src, e.getValue().line());
            }
        }
        Node schema = require(top, "schema", "", src);
        if (!(schema instanceof Scalar v) || v.type() != Type.STRING || !Measurement.SCHEMA.equals(v.text())) {
            throw new BadInputException("schema", "'" + Measurement.SCHEMA + "'", schema.describe()).at(src, schema.line());
        }
        MapNode hostNode = object(require(top, "host", "", src), "host", src);
        Map<String, String> host = new LinkedHashMap<>();
        for (Map.Entry<String, Entry> e : hostNode.entries().entrySet()) {
            if (!(e.getValue().value() instanceof Scalar hv) || hv.isNull()) {
                throw new BadInputException("host." + e.getKey(), "a string, number or boolean",
                        e.getValue().value().describe()).at(src, e.getValue().line());
            }
            host.put(e.getKey(), hv.text());
        }
        Node casesNode = require(top, "cases", "", src);
        if (!(casesNode instanceof ListNode arr)) {
            throw new BadInputException("cases", "a list of cases", casesNode.describe()).at(src, casesNode.line());
        }
        List<MeasuredCase> cases = new ArrayList<>();
        for (int i = 0; i < arr.items().size(); i++) {
            String path = "cases[" + i + "]";
            MapNode c = object(arr.items().get(i), path, src);
            cases.add(bindCase(c, path, src));
        }
        try {
            return new Measurement(host, cases);
        } catch (BadInputException e) {
            int line = casesNode.line();
            if (e.field() != null && e.field().startsWith("cases[")) {
                int idx = Integer.parseInt(e.field().substring(6, e.field().indexOf(']')));
                line = ((MapNode) arr.items().get(idx)).get("id").line();
            }
            throw e.at(src, line);
        }
    }

    private MeasuredCase bindCase(MapNode c, String path, String src) {
        for (Map.Entry<String, Entry> e : c.entries().entrySet()) {
            if (!REQUIRED.contains(e.getKey()) && !OPTIONAL.contains(e.getKey())) {
                throw new BadInputException(path + "." + e.getKey(),
                        "a known case field (" + String.join(", ", REQUIRED) + ", precision, backend, library)",
                        e.getKey()).at(src, e.getValue().line());
            }
        }
        for (String f : REQUIRED) {
            require(c, f, path, src);
        }
        String id = string(c, "id", path, src);
        String op = string(c, "op", path, src);
        int m = positiveInt(c, "m", path, src);
        int n = positiveInt(c, "n", path, src);
        int k = positiveInt(c, "k", path, src);
        String dtype = string(c, "dtype", path, src);
        String sparsity = string(c, "sparsity", path, src);
        Format format = located(c, "format", path, src, () -> Format.parse(string(c, "format", path, src), "format"));
        int threads = positiveInt(c, "threads", path, src);
        Node samplesNode = c.get("samplesSeconds");
        if (!(samplesNode instanceof ListNode samplesArr) || samplesArr.items().isEmpty()) {
            throw new BadInputException(path + ".samplesSeconds", "a non-empty list of positive numbers of seconds",
                    samplesNode.describe()).at(src, samplesNode.line());
        }
        List<Double> samples = new ArrayList<>();
        for (int i = 0; i < samplesArr.items().size(); i++) {
            samples.add(seconds(samplesArr.items().get(i), path + ".samplesSeconds[" + i + "]", src));
        }
        double median = seconds(c.get("medianSeconds"), path + ".medianSeconds", src);
        double p10 = seconds(c.get("p10Seconds"), path + ".p10Seconds", src);
        double p90 = seconds(c.get("p90Seconds"), path + ".p90Seconds", src);
        String precision = c.entries().containsKey("precision") ? string(c, "precision", path, src) : null;
        String backend = c.entries().containsKey("backend") ? string(c, "backend", path, src) : null;
        String library = c.entries().containsKey("library") ? string(c, "library", path, src) : null;
        try {
            return new MeasuredCase(id, op, m, n, k, dtype, sparsity, format, threads, samples, median, p10, p90,
                    precision, backend, library);
        } catch (BadInputException e) {
            String field = e.field() == null ? "" : e.field();
            int bracket = field.indexOf('[');
            String key = bracket < 0 ? field : field.substring(0, bracket);
            Node at = c.get(key) == null ? c : c.get(key);
            if (bracket >= 0 && at instanceof ListNode a) {
                int idx = Integer.parseInt(field.substring(bracket + 1, field.indexOf(']')));
                at = a.items().get(idx);
            }
            throw e.under(path).at(src, at.line());
        }
    }

    private interface Parse<T> {
        T get();
    }

    private static <T> T located(MapNode c, String field, String path, String src, Parse<T> parse) {
        try {
            return parse.get();
        } catch (BadInputException e) {
            if (e.source() != null) {
                throw e;
            }
            throw e.under(path).at(src, c.get(field).line());
        }
    }

    private static Node require(MapNode o, String field, String path, String src) {
        Node n = o.get(field);
        if (n == null) {
            String full = path.isEmpty() ? field : path + "." + field;
            throw new BadInputException(full, "a value (the field is required)", null).at(src, o.line());
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
        Node n = o.get(field);
        if (!(n instanceof Scalar v) || v.type() != Type.STRING) {
            throw new BadInputException(path + "." + field, "a string", n.describe()).at(src, n.line());
        }
        return v.text();
    }

    private static int positiveInt(MapNode o, String field, String path, String src) {
        Node n = o.get(field);
        if (n instanceof Scalar v && v.isInteger()) {
            try {
                int x = Integer.parseInt(v.text());
                if (x > 0) {
                    return x;
                }
            } catch (NumberFormatException e) {
                // falls through to the error below
            }
        }
        throw new BadInputException(path + "." + field, "a positive integer", n.describe()).at(src, n.line());
    }

    private static double seconds(Node n, String path, String src) {
        if (n instanceof Scalar v && (v.type() == Type.NUMBER)) {
            double x = Double.parseDouble(v.text());
            if (x > 0 && !Double.isInfinite(x)) {
                return x;
            }
        }
        throw new BadInputException(path, SECONDS, n.describe()).at(src, n.line());
    }
}
