package io.sparsim.hwprofiles;

import io.sparsim.core.BadInputException;
import io.sparsim.hwprofiles.Node.MapNode;
import io.sparsim.hwprofiles.Node.ScalarNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The bundled profiles plus loading of profile files. Bundled profiles are classpath resources named
 * explicitly in one index ({@code profiles/index.txt}; no classpath scanning); {@code host} is
 * detected from this machine on first use.
 */
public final class ProfileRegistry {
    static final String RESOURCES = "/io/sparsim/hwprofiles/profiles/";
    static final String CALIBRATIONS = "/io/sparsim/hwprofiles/calibrations/";
    public static final String HOST = "host";

    private final Map<String, MapNode> bundled;
    private final List<String> ids;
    private final Supplier<CpuProfile> hostDetector;
    private CpuProfile host;

    ProfileRegistry(Map<String, MapNode> bundled, Supplier<CpuProfile> hostDetector) {
        this.bundled = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(bundled));
        List<String> all = new ArrayList<>(bundled.keySet());
        all.add(HOST);
        this.ids = List.copyOf(all);
        this.hostDetector = hostDetector;
    }

    /** The profiles shipped with Sparsim, in index order, with {@code host} detected from this machine. */
    public static ProfileRegistry bundled() {
        return new ProfileRegistry(readBundled(), HostDetector::detectSystem);
    }

    static Map<String, MapNode> readBundled() {
        Map<String, MapNode> trees = new LinkedHashMap<>();
        for (String line : resource("index.txt").split("\n")) {
            String file = line.strip();
            if (file.isEmpty() || file.startsWith("#")) {
                continue;
            }
            MapNode tree = parse(file, resource(file));
            String id = idOf(tree);
            if (!file.equals(id + ".yaml")) {
                throw new BadInputException("id", "the file name without .yaml ('" + file + "')", id).at(file, 1);
            }
            trees.put(id, tree);
        }
        return trees;
    }

    private static String resource(String name) {
        try (InputStream in = ProfileRegistry.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("bundled profile resource missing: " + RESOURCES + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Bundled ids in a stable order (wafer, GPU, CPU profiles as indexed, then {@code host}). */
    public List<String> ids() {
        return ids;
    }

    /**
     * A bundled profile by id, or a profile file by path.
     *
     * @throws BadInputException (field {@code hw}) listing the ids when neither matches; or the file's error
     */
    public HardwareProfile get(String idOrPath) {
        if (HOST.equals(idOrPath)) {
            return host();
        }
        MapNode tree = idOrPath == null ? null : bundled.get(idOrPath);
        if (tree != null) {
            return resolveAndBind(tree, bundled);
        }
        Path path = null;
        try {
            path = idOrPath == null || idOrPath.isBlank() ? null : Path.of(idOrPath);
        } catch (InvalidPathException e) {
            path = null;
        }
        if (path != null && Files.isRegularFile(path)) {
            return load(path);
        }
        throw new BadInputException("hw", "a profile id (" + String.join("|", ids) + ") or a profile file path",
                idOrPath);
    }

    /** Loads one profile file (YAML, or JSON when the name ends in .json); parents come from the bundled set. */
    public HardwareProfile load(Path file) {
        MapNode tree = read(file);
        Map<String, MapNode> pool = new LinkedHashMap<>(bundled);
        pool.put(idOf(tree), tree);
        return resolveAndBind(tree, pool);
    }

    /**
     * Loads several files that may extend each other (and bundled profiles); stops at the first error.
     *
     * @return the profiles in the order of {@code files}
     */
    public List<HardwareProfile> validate(List<Path> files) {
        Map<String, MapNode> pool = new LinkedHashMap<>(bundled);
        Map<String, MapNode> own = new LinkedHashMap<>();
        for (Path file : files) {
            MapNode tree = read(file);
            String id = idOf(tree);
            MapNode earlier = own.get(id);
            if (earlier != null) {
                Node at = tree.get("id");
                throw new BadInputException("id", "an id not used by another file (" + earlier.file() + ")", id)
                        .at(tree.file(), at == null ? tree.line() : at.line());
            }
            own.put(id, tree);
            pool.put(id, tree);
        }
        List<HardwareProfile> out = new ArrayList<>();
        for (MapNode tree : own.values()) {
            out.add(resolveAndBind(tree, pool));
        }
        return out;
    }

    /** Parses profile text as if read from a file called {@code name} (tests, stdin). */
    HardwareProfile loadText(String name, String text) {
        MapNode tree = parse(name, text);
        Map<String, MapNode> pool = new LinkedHashMap<>(bundled);
        pool.put(idOf(tree), tree);
        return resolveAndBind(tree, pool);
    }

    /** An ordered, JSON-friendly tree of all fields with human unit strings, plus {@code sources}. */
    public static Map<String, Object> describe(HardwareProfile profile) {
        return ProfileDescriber.describe(profile);
    }

    private synchronized CpuProfile host() {
        if (host == null) {
            CpuProfile detected = hostDetector.get();
            String model = detected.name().replace(HostDetector.NAME_SUFFIX, "");
            // The calibration's efficiencies were fitted against its probed DRAM bandwidth, so both travel.
            host = calibrationFor(model)
                    .map(c -> {
                        CpuProfile h = detected.withEfficiency(model + " (host, detected, calibrated)",
                                c.efficiency(), c.sourcesFor("efficiency"));
                        return c.sourcesFor("memory.bandwidth").stream().findFirst()
                                .map(src -> h.withMemoryBandwidth(c.memory().bandwidth(), src)).orElse(h);
                    })
                    .orElse(detected);
        }
        return host;
    }

    /** True when the {@code host} profile carries a committed calibration for this machine's CPU model. */
    public boolean hostIsCalibrated() {
        return host().name().endsWith("calibrated)");
    }

    /**
     * The committed calibration (a whole CPU profile whose efficiency was fitted to measurements) for CPU
     * model {@code cpuModel} as /proc/cpuinfo names it, if one is bundled. Calibrations are listed in
     * {@code calibrations/index.txt} as {@code cpu model | file}.
     */
    public Optional<CpuProfile> calibrationFor(String cpuModel) {
        String index = optionalResource(CALIBRATIONS + "index.txt");
        if (index == null || cpuModel == null) {
            return Optional.empty();
        }
        for (String line : index.split("\n")) {
            int bar = line.lastIndexOf('|');
            if (line.isBlank() || line.startsWith("#") || bar < 0) {
                continue;
            }
            if (line.substring(0, bar).strip().equals(cpuModel.strip())) {
                String file = line.substring(bar + 1).strip();
                String text = optionalResource(CALIBRATIONS + file);
                if (text == null) {
                    throw new IllegalStateException("calibration listed but missing: " + CALIBRATIONS + file);
                }
                if (loadText(file, text) instanceof CpuProfile cpu) {
                    return Optional.of(cpu);
                }
                throw new IllegalStateException("calibration " + file + " is not a cpu profile");
            }
        }
        return Optional.empty();
    }

    private static String optionalResource(String path) {
        try (InputStream in = ProfileRegistry.class.getResourceAsStream(path)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MapNode read(Path file) {
        String name = file.toString();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | UncheckedIOException e) {
            throw new BadInputException(null, "a readable profile file", e.getClass().getSimpleName() + ": "
                    + e.getMessage()).at(name, 0);
        }
        return parse(name, text);
    }

    private static MapNode parse(String name, String text) {
        boolean json = name.toLowerCase(Locale.ROOT).endsWith(".json");
        MapNode tree = TreeParser.parse(text, name, json);
        ProfileBinder.checkFile(tree);
        return tree;
    }

    /** The id a tree declares, or its file name when it has none (binding reports the missing id). */
    private static String idOf(MapNode tree) {
        if (tree.get("id") instanceof ScalarNode s && !s.text().isBlank()) {
            return s.text().strip();
        }
        return tree.file();
    }

    private static HardwareProfile resolveAndBind(MapNode tree, Map<String, MapNode> pool) {
        List<String> chain = new ArrayList<>();
        chain.add(idOf(tree));
        return ProfileBinder.bind(resolve(tree, pool, chain), deviceId -> {
            MapNode device = pool.get(deviceId);
            if (device == null || deviceId.equals(idOf(tree))) {
                throw new BadInputException("cluster.device", "a bundled gpu or cpu profile id", deviceId);
            }
            return resolveAndBind(device, pool);
        });
    }

    private static MapNode resolve(MapNode tree, Map<String, MapNode> pool, List<String> chain) {
        if (tree.get("extends") == null) {
            return tree;
        }
        Fields top = Fields.open(tree, "");
        ScalarNode ext = top.scalar("extends", "a parent profile id");
        String parentId = ext.text().strip();
        if (chain.contains(parentId)) {
            throw top.error("extends", ext, "a parent chain without cycles",
                    String.join(" -> ", chain) + " -> " + parentId);
        }
        MapNode parent = pool.get(parentId);
        if (parent == null) {
            List<String> known = pool.keySet().stream().filter(id -> !chain.contains(id)).toList();
            throw top.error("extends", ext, "a parent profile id among " + String.join("|", known), parentId);
        }
        chain.add(parentId);
        MapNode resolvedParent = resolve(parent, pool, chain);
        Kind parentKind = ProfileBinder.declaredKind(resolvedParent);
        Kind childKind = ProfileBinder.declaredKind(tree);
        if (parentKind != null && childKind != null && parentKind != childKind) {
            throw top.error("kind", tree.get("kind"),
                    parentKind.id() + " (the kind of parent '" + parentId + "')", childKind.id());
        }
        return ProfileMerge.merge(resolvedParent, tree);
    }
}
