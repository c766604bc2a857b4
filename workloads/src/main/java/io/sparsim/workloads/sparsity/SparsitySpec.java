package io.sparsim.workloads.sparsity;

import io.sparsim.core.BadInputException;
import io.sparsim.workloads.model.LayerType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.EnumSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sparsity of a whole model: one {@link WeightSparsity} per {@link LayerType} plus an
 * {@link Omission} rate for MLP channels and attention heads.
 *
 * <p>Text form ({@link #parse}, {@link #toString()}):
 * <pre>
 * SPEC     := TERM ('+' TERM)*
 * TERM     := [TARGETS '='] PATTERN
 * TARGETS  := NAME (',' NAME)*      NAME: q k v o gate up down lm_head, attn (q,k,v,o), mlp (gate,up,down)
 * PATTERN  := dense | unstructured:F | N:M | block:RxC:F | omission:R
 * </pre>
 * A weight pattern without targets is the default for every linear layer except {@code lm_head}
 * (Sparse Llama keeps the head dense) that no targeted term names; so {@code 2:4+down=dense} is
 * 2:4 everywhere but down. A layer named by two targeted terms with different patterns, two
 * different untargeted weight patterns, or two different omission rates are errors. Omission takes
 * no targets: one rate applies to MLP channels and attention heads alike. Layers not covered are
 * dense.
 */
public record SparsitySpec(Map<LayerType, WeightSparsity> weights, Omission omission) {

    /** Everything dense, nothing omitted. */
    public static final SparsitySpec DENSE = new SparsitySpec(Map.of(), Omission.NONE);

    private static final String FIELD = "sparsity";
    private static final String PATTERNS = "a pattern dense|unstructured:F|N:M|block:RxC:F|omission:R";
    private static final String NAMES = "layer names q|k|v|o|gate|up|down|lm_head or groups attn|mlp before '='";
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern INT = Pattern.compile("\\d{1,9}");

    /** Missing layers are dense; a null omission is none. */
    public SparsitySpec {
        EnumMap<LayerType, WeightSparsity> full = new EnumMap<>(LayerType.class);
        for (LayerType l : LayerType.values()) {
            WeightSparsity w = weights == null ? null : weights.get(l);
            full.put(l, w == null ? WeightSparsity.DENSE : w);
        }
        weights = Collections.unmodifiableMap(full);
        omission = omission == null ? Omission.NONE : omission;
    }

    /** {@code pattern} on every linear layer except the LM head. */
    public static SparsitySpec uniform(WeightSparsity pattern) {
        EnumMap<LayerType, WeightSparsity> m = new EnumMap<>(LayerType.class);
        for (LayerType l : LayerType.values()) {
            if (l != LayerType.LM_HEAD) {
                m.put(l, pattern);
            }
        }
        return new SparsitySpec(m, Omission.NONE);
    }

    /** The pattern of {@code layer}. */
    public WeightSparsity weight(LayerType layer) {
        return weights.get(layer);
    }

    /** A copy with {@code layer} set to {@code pattern}. */
    public SparsitySpec with(LayerType layer, WeightSparsity pattern) {
        EnumMap<LayerType, WeightSparsity> m = new EnumMap<>(weights);
        m.put(layer, pattern);
        return new SparsitySpec(m, omission);
    }

    /** A copy with another omission rate. */
    public SparsitySpec withOmission(Omission newOmission) {
        return new SparsitySpec(weights, newOmission);
    }

    /** True when all weights are dense and nothing is omitted. */
    public boolean isDense() {
        return omission.isNone() && weights.values().stream().allMatch(WeightSparsity::isDense);
    }

    /**
     * Parses a spec such as {@code mlp=unstructured:0.7+attn=2:4+omission:0.3}.
     *
     * @throws BadInputException with field {@code sparsity}, saying what was expected and what was found
     */
    public static SparsitySpec parse(String text) {
        if (text == null || text.isBlank()) {
            throw new BadInputException(FIELD, "a sparsity spec like 'dense', 'unstructured:0.7', '2:4', "
                    + "'block:16x16:0.5', 'omission:0.4' or 'mlp=unstructured:0.7+attn=2:4'", text == null ? "" : text);
        }
        WeightSparsity untargeted = null;
        Omission omission = null;
        Map<LayerType, WeightSparsity> targeted = new EnumMap<>(LayerType.class);
        for (String rawTerm : text.split("\\+", -1)) {
            String term = rawTerm.trim().toLowerCase(Locale.ROOT);
            if (term.isEmpty()) {
                throw new BadInputException(FIELD, "a term on each side of '+' (" + PATTERNS.substring(2) + ")", text);
            }
            int eq = term.indexOf('=');
            String patternText = eq < 0 ? term : term.substring(eq + 1).trim();
            Object pattern = parsePattern(patternText);
            if (pattern instanceof Omission o) {
                if (eq >= 0) {
                    throw new BadInputException(FIELD, "'omission:R' without targets (one rate for MLP channels "
                            + "and attention heads)", rawTerm.trim());
                }
                if (omission != null && !omission.equals(o)) {
                    throw new BadInputException(FIELD, "one omission rate, not both '" + omission + "' and '" + o + "'", text);
                }
                omission = o;
                continue;
            }
            WeightSparsity w = (WeightSparsity) pattern;
            if (eq < 0) {
                if (untargeted != null && !untargeted.equals(w)) {
                    throw new BadInputException(FIELD, "one pattern without targets, not both '" + untargeted
                            + "' and '" + w + "' (name layers with 'mlp=...')", text);
                }
                untargeted = w;
                continue;
            }
            for (LayerType l : parseTargets(term.substring(0, eq))) {
                WeightSparsity previous = targeted.put(l, w);
                if (previous != null && !previous.equals(w)) {
                    throw new BadInputException(FIELD, "one pattern per layer, but '" + l + "' is given both '"
                            + previous + "' and '" + w + "'", text);
                }
            }
        }
        EnumMap<LayerType, WeightSparsity> m = new EnumMap<>(LayerType.class);
        for (LayerType l : LayerType.values()) {
            WeightSparsity w = targeted.get(l);
            if (w == null && l != LayerType.LM_HEAD) {
                w = untargeted;
            }
            if (w != null) {
                m.put(l, w);
            }
        }
        return new SparsitySpec(m, omission);
    }

    /**
     * Parses one weight pattern ({@code dense}, {@code unstructured:F}, {@code N:M}, {@code block:RxC:F}),
     * as a measured kernel case carries: no targets, no omission, no {@code +}.
     */
    public static WeightSparsity parseWeight(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (t.isEmpty() || t.contains("+") || t.contains("=")) {
            throw new BadInputException(FIELD, "one weight pattern " + PATTERNS.substring(2, PATTERNS.lastIndexOf('|')),
                    text == null ? "" : text);
        }
        if (parsePattern(t) instanceof WeightSparsity w) {
            return w;
        }
        throw new BadInputException(FIELD, "a weight pattern, not an omission rate", text);
    }

    private static Set<LayerType> parseTargets(String targets) {
        Set<LayerType> out = EnumSet.noneOf(LayerType.class);
        for (String raw : targets.split(",", -1)) {
            String name = raw.trim();
            switch (name) {
                case "attn" -> out.addAll(List.of(LayerType.Q, LayerType.K, LayerType.V, LayerType.O));
                case "mlp" -> out.addAll(List.of(LayerType.GATE, LayerType.UP, LayerType.DOWN));
                default -> {
                    LayerType l = name.isEmpty() ? null : LayerType.byId(name);
                    if (l == null) {
                        throw new BadInputException(FIELD, NAMES, name);
                    }
                    out.add(l);
                }
            }
        }
        return out;
    }

    /** A WeightSparsity or an Omission. */
    private static Object parsePattern(String p) {
        if (p.equals("dense")) {
            return WeightSparsity.DENSE;
        }
        if (p.startsWith("unstructured:")) {
            return new WeightSparsity.Unstructured(fraction(p.substring("unstructured:".length()),
                    "a sparsity fraction in [0, 1) in 'unstructured:F'"));
        }
        if (p.startsWith("omission:")) {
            return new Omission(fraction(p.substring("omission:".length()),
                    "an omission rate in [0, 1) in 'omission:R'"));
        }
        if (p.startsWith("block:")) {
            String[] parts = p.substring("block:".length()).split(":", -1);
            String[] size = parts[0].split("x", -1);
            if (parts.length != 2 || size.length != 2 || !INT.matcher(size[0].trim()).matches()
                    || !INT.matcher(size[1].trim()).matches()) {
                throw new BadInputException(FIELD, "'block:RxC:F' with integer block sizes R, C and a fraction F, "
                        + "e.g. 'block:16x16:0.5'", p);
            }
            int r = Integer.parseInt(size[0].trim());
            int c = Integer.parseInt(size[1].trim());
            double f = fraction(parts[1], "a sparsity fraction in [0, 1) in 'block:RxC:F'");
            return new WeightSparsity.Block(r, c, f);
        }
        Matcher nm = Pattern.compile("(\\d{1,9})\\s*:\\s*(\\d{1,9})").matcher(p);
        if (nm.matches()) {
            int n = Integer.parseInt(nm.group(1));
            int m = Integer.parseInt(nm.group(2));
            if (!(n > 0 && n < m)) {
                throw new BadInputException(FIELD, "0 < N < M in 'N:M' (keep N of every M weights)", p);
            }
            return new WeightSparsity.NM(n, m);
        }
        throw new BadInputException(FIELD, PATTERNS, p);
    }

    private static double fraction(String raw, String expected) {
        String t = raw.trim();
        if (!NUMBER.matcher(t).matches()) {
            throw new BadInputException(FIELD, expected, t);
        }
        double v = Double.parseDouble(t);
        if (!(v >= 0 && v < 1)) {
            throw new BadInputException(FIELD, expected, t);
        }
        return v;
    }

    /**
     * Canonical text: {@code dense}; otherwise the weight terms (one untargeted term when the seven
     * block layers agree, else one targeted term per pattern, named with attn/mlp where a whole
     * group shares it) then {@code omission:R}. Parses back to an equal spec.
     */
    @Override
    public String toString() {
        List<String> terms = new ArrayList<>();
        List<LayerType> block = new ArrayList<>(List.of(LayerType.values()));
        block.remove(LayerType.LM_HEAD);
        WeightSparsity first = weights.get(LayerType.Q);
        boolean uniform = block.stream().allMatch(l -> weights.get(l).equals(first));
        Map<WeightSparsity, List<LayerType>> groups = new LinkedHashMap<>();
        if (uniform) {
            if (!first.isDense()) {
                terms.add(first.toString());
            }
        } else {
            for (LayerType l : block) {
                if (!weights.get(l).isDense()) {
                    groups.computeIfAbsent(weights.get(l), k -> new ArrayList<>()).add(l);
                }
            }
        }
        WeightSparsity head = weights.get(LayerType.LM_HEAD);
        if (!head.isDense()) {
            groups.computeIfAbsent(head, k -> new ArrayList<>()).add(LayerType.LM_HEAD);
        }
        for (Map.Entry<WeightSparsity, List<LayerType>> g : groups.entrySet()) {
            terms.add(targetNames(g.getValue()) + "=" + g.getKey());
        }
        if (!omission.isNone()) {
            terms.add(omission.toString());
        }
        return terms.isEmpty() ? "dense" : String.join("+", terms);
    }

    private static String targetNames(List<LayerType> layers) {
        List<String> names = new ArrayList<>();
        List<LayerType> attn = List.of(LayerType.Q, LayerType.K, LayerType.V, LayerType.O);
        List<LayerType> mlp = List.of(LayerType.GATE, LayerType.UP, LayerType.DOWN);
        boolean allAttn = layers.containsAll(attn);
        boolean allMlp = layers.containsAll(mlp);
        if (allAttn) {
            names.add("attn");
        }
        if (allMlp) {
            names.add("mlp");
        }
        for (LayerType l : layers) {
            if (!(allAttn && l.isAttention()) && !(allMlp && l.isMlp())) {
                names.add(l.id());
            }
        }
        return String.join(",", names);
    }
}
