package io.sparsim.validation.gpu;

import com.fasterxml.jackson.core.JsonToken;
import io.sparsim.core.BadInputException;
import io.sparsim.core.Precision;
import io.sparsim.validation.measure.JsonTree;
import io.sparsim.validation.measure.JsonTree.Arr;
import io.sparsim.validation.measure.JsonTree.Node;
import io.sparsim.validation.measure.JsonTree.Obj;
import io.sparsim.validation.measure.JsonTree.Val;
import io.sparsim.validation.measure.Format;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new BadInputException("", "an existing GPU plan file", file.toString()).at(file.toString(), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return read(new StringReader(text), file.toString());
    }

    public GpuPlan read(Reader in, String source) {
        Node root = JsonTree.parse(in, source, "a JSON object");
        Obj top = object(root, "", source);
        known(top, TOP, "", source);
        Node schema = require(top, "schema", "", source);
        if (!(schema instanceof Val v) || v.token() != JsonToken.VALUE_STRING || !GpuPlan.SCHEMA.equals(v.text())) {
            throw new BadInputException("schema", "'" + GpuPlan.SCHEMA + "'", schema.text()).at(source, schema.line());
        }
        String description = string(top, "description", "", source);
        long seed = integer(top, "seed", "", source, Long.MIN_VALUE, Long.MAX_VALUE);
        Obj t = object(require(top, "timing", "", source), "timing", source);
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
        if (!(casesNode instanceof Arr arr)) {
            throw new BadInputException("cases", "a list of cases", casesNode.text()).at(source, casesNode.line());
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
            } else if (top.fields().containsKey(f)) {
                line = top.fields().get(f).line();
            }
            throw e.at(source, line);
        }
    }

    private PlanCase planCase(Obj c, String path, String src) {
        String op = string(c, "op", path, src);
        if (op.equals("copy")) {
            known(c, Set.copyOf(COPY), path, src);
            COPY.forEach(f -> require(c, f, path, src));
            return build(c, path, src, () -> new CopyCase(string(c, "id", path, src),
                    integer(c, "bytes", path, src, Long.MIN_VALUE, Long.MAX_VALUE)));
        }
        if (!op.equals("gemm")) {
            throw new BadInputException(path + ".op", "'gemm' or 'copy'", op).at(src, c.fields().get("op").line());
        }
        known(c, Set.copyOf(GEMM), path, src);
        GEMM.forEach(f -> require(c, f, path, src));
        Node layersNode = c.fields().get("layers");
        if (!(layersNode instanceof Arr la)) {
            throw new BadInputException(path + ".layers", "a list of layer names", layersNode.text())
                    .at(src, layersNode.line());
        }
        List<String> layers = new ArrayList<>();
        for (int i = 0; i < la.items().size(); i++) {
            Node n = la.items().get(i);
            if (!(n instanceof Val v) || v.token() != JsonToken.VALUE_STRING) {
                throw new BadInputException(path + ".layers[" + i + "]", "a string", n.text()).at(src, n.line());
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
    private static <T> T build(Obj o, String path, String src, Supplier<T> make) {
        try {
            return make.get();
        } catch (BadInputException e) {
            if (e.source() != null) {
                throw e;
            }
            String field = e.field() == null ? "" : e.field();
            int bracket = field.indexOf('[');
            Node at = o.fields().getOrDefault(bracket < 0 ? field : field.substring(0, bracket), o);
            throw (path.isEmpty() ? e : e.under(path)).at(src, at.line());
        }
    }

    private static void known(Obj o, Set<String> allowed, String path, String src) {
        for (Map.Entry<String, Node> e : o.fields().entrySet()) {
            if (!allowed.contains(e.getKey())) {
                throw new BadInputException(join(path, e.getKey()), "a known field (" + String.join(", ",
                        allowed.stream().sorted().toList()) + ")", e.getKey()).at(src, e.getValue().line());
            }
        }
    }

    private static Node require(Obj o, String field, String path, String src) {
        Node n = o.fields().get(field);
        if (n == null) {
            throw new BadInputException(join(path, field), "a value (the field is required)", null).at(src, o.line());
        }
        return n;
    }

    private static Obj object(Node n, String path, String src) {
        if (!(n instanceof Obj o)) {
            throw new BadInputException(path, "an object", n.text()).at(src, n.line());
        }
        return o;
    }

    private static String string(Obj o, String field, String path, String src) {
        Node n = require(o, field, path, src);
        if (!(n instanceof Val v) || v.token() != JsonToken.VALUE_STRING) {
            throw new BadInputException(join(path, field), "a string", n.text()).at(src, n.line());
        }
        return v.text();
    }

    private static long integer(Obj o, String field, String path, String src, long min, long max) {
        Node n = require(o, field, path, src);
        if (n instanceof Val v && v.token() == JsonToken.VALUE_NUMBER_INT) {
            try {
                long x = Long.parseLong(v.text());
                if (x >= min && x <= max) {
                    return x;
                }
            } catch (NumberFormatException e) {
                // falls through to the error below
            }
        }
        throw new BadInputException(join(path, field), "an integer", n.text()).at(src, n.line());
    }

    private static double number(Obj o, String field, String path, String src) {
        Node n = require(o, field, path, src);
        if (n instanceof Val v && (v.token() == JsonToken.VALUE_NUMBER_INT
                || v.token() == JsonToken.VALUE_NUMBER_FLOAT)) {
            return Double.parseDouble(v.text());
        }
        throw new BadInputException(join(path, field), "a number", n.text()).at(src, n.line());
    }

    private static String join(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }
}
