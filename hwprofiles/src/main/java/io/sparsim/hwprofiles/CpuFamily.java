package io.sparsim.hwprofiles;

import io.sparsim.core.BadInputException;
import io.sparsim.core.tree.Node;
import io.sparsim.core.tree.Node.MapNode;
import io.sparsim.core.tree.TreeParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Documented per-core instruction figures of a CPU family ({@code cpu-families.yaml}), from which the uncalibrated
 * host model derives its kernel costs: what the vendor's optimization manual or the instruction tables give, each
 * with its source. Cycles are core cycles.
 *
 * @param id                     family id (amd-zen5, intel-avx512, generic)
 * @param vendor                 /proc/cpuinfo vendor_id it matches, null for any
 * @param cpuFamily              /proc/cpuinfo cpu family it matches, null for any
 * @param isa                    an extension /proc/cpuinfo must list, null for none
 * @param fmaLatencyCycles       latency of a vector FMA
 * @param faddLatencyCycles      latency of a floating-point add
 * @param vectorLoadsPerCycle    512-bit loads per cycle from L1D (a 256-bit datapath: half its 256-bit loads)
 * @param scalarLoadsPerCycle    scalar loads per cycle from L1D
 * @param vectorPipes            vector ops per cycle at 512 bits (permutes, shifts, logic, FMA together)
 * @param gatherCyclesPerElement cycles per element a 32-bit hardware gather takes at its throughput
 * @param expandCycles           cycles of one 16-lane register-to-register vexpandps at its throughput
 * @param shufflesPerCycle       512-bit shuffles, permutes and broadcasts from a register per cycle
 * @param branchMispredictCycles penalty of a mispredicted branch
 * @param sources                where each figure comes from, by field name
 */
public record CpuFamily(String id, String vendor, Integer cpuFamily, String isa, double fmaLatencyCycles,
        double faddLatencyCycles, double vectorLoadsPerCycle, double scalarLoadsPerCycle, double vectorPipes,
        double gatherCyclesPerElement, double expandCycles, double shufflesPerCycle, double branchMispredictCycles,
        Map<String, String> sources) {
    static final String RESOURCE = "/io/sparsim/hwprofiles/cpu-families.yaml";
    static final List<String> FIGURES = List.of("fmaLatencyCycles", "faddLatencyCycles", "vectorLoadsPerCycle",
            "scalarLoadsPerCycle", "vectorPipes", "gatherCyclesPerElement", "expandCycles", "shufflesPerCycle",
            "branchMispredictCycles");
    private static final Set<String> KEYS = Set.of("id", "vendor", "cpuFamily", "isa", "fmaLatencyCycles",
            "faddLatencyCycles", "vectorLoadsPerCycle", "scalarLoadsPerCycle", "vectorPipes", "gatherCyclesPerElement",
            "expandCycles", "shufflesPerCycle", "branchMispredictCycles", "sources");
    private static volatile List<CpuFamily> table;

    public CpuFamily {
        Check.id(id, "id");
        for (double v : new double[] {fmaLatencyCycles, faddLatencyCycles, vectorLoadsPerCycle, scalarLoadsPerCycle,
            vectorPipes, gatherCyclesPerElement, expandCycles, shufflesPerCycle, branchMispredictCycles}) {
            Check.positive(v, id + ": a figure");
        }
        sources = Map.copyOf(sources);
        for (String f : FIGURES) {
            if (!sources.containsKey(f)) {
                throw new BadInputException(id + ".sources." + f, "a source for every figure", "none");
            }
        }
    }

    /** Whether a CPU of {@code vendor}, {@code family} with these /proc/cpuinfo flags belongs to this entry. */
    boolean matches(String vendorId, Integer family, Set<String> flags) {
        return (vendor == null || vendor.equals(vendorId)) && (cpuFamily == null || cpuFamily.equals(family))
                && (isa == null || flags.contains(isa));
    }

    /** The first entry of the bundled table that matches; the table ends with one that matches any CPU. */
    public static CpuFamily of(String vendorId, Integer family, Set<String> flags) {
        for (CpuFamily f : table()) {
            if (f.matches(vendorId, family, flags)) {
                return f;
            }
        }
        throw new IllegalStateException(RESOURCE + " has no entry that matches every CPU");
    }

    /** The entry of the generic fallback (the table's last). */
    public static CpuFamily generic() {
        List<CpuFamily> t = table();
        return t.get(t.size() - 1);
    }

    static List<CpuFamily> table() {
        List<CpuFamily> t = table;
        if (t == null) {
            t = read();
            table = t;
        }
        return t;
    }

    private static List<CpuFamily> read() {
        String text;
        try (InputStream in = CpuFamily.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("bundled resource missing: " + RESOURCE);
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        MapNode root = TreeParser.parseMap(text, RESOURCE, TreeParser.Syntax.YAML, "a CPU family table");
        if (!(root.get("families") instanceof Node.ListNode list)) {
            throw new BadInputException("families", "a list of CPU families", String.valueOf(root.get("families")))
                    .at(RESOURCE, root.line());
        }
        List<CpuFamily> out = new ArrayList<>();
        for (Node item : list.items()) {
            if (!(item instanceof MapNode m)) {
                throw new BadInputException("families[]", "a mapping", item.describe()).at(RESOURCE, item.line());
            }
            for (String key : m.entries().keySet()) {
                if (!KEYS.contains(key)) {
                    throw new BadInputException(key, "one of " + KEYS, key).at(RESOURCE, m.entry(key).line());
                }
            }
            Map<String, String> sources = new LinkedHashMap<>();
            if (m.get("sources") instanceof MapNode s) {
                s.entries().forEach((k, e) -> sources.put(k, text(e.value())));
            }
            String cpuFamily = text(m.get("cpuFamily"));
            out.add(new CpuFamily(text(m.get("id")), text(m.get("vendor")),
                    cpuFamily == null ? null : Integer.valueOf(cpuFamily), text(m.get("isa")),
                    number(m, "fmaLatencyCycles"), number(m, "faddLatencyCycles"), number(m, "vectorLoadsPerCycle"),
                    number(m, "scalarLoadsPerCycle"), number(m, "vectorPipes"), number(m, "gatherCyclesPerElement"),
                    number(m, "expandCycles"), number(m, "shufflesPerCycle"), number(m, "branchMispredictCycles"), sources));
        }
        CpuFamily last = out.get(out.size() - 1);
        if (last.vendor() != null || last.cpuFamily() != null || last.isa() != null) {
            throw new BadInputException("families", "a last entry that matches every CPU (no vendor, cpuFamily, isa)",
                    last.id()).at(RESOURCE, list.line());
        }
        return List.copyOf(out);
    }

    private static String text(Node n) {
        return n instanceof Node.Scalar s && !s.isNull() ? s.text() : null;
    }

    private static double number(MapNode m, String key) {
        String t = text(m.get(key));
        try {
            return Double.parseDouble(t);
        } catch (RuntimeException e) {
            throw new BadInputException(key, "a number of cycles or ops", String.valueOf(t)).at(RESOURCE, m.line());
        }
    }
}
