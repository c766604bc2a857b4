package io.sparsim.hwprofiles;

import io.sparsim.core.BadInputException;
import io.sparsim.core.tree.Node;
import io.sparsim.core.tree.TreeParser;
import io.sparsim.core.tree.TreeParser.Syntax;
import io.sparsim.core.tree.Node.MapNode;
import io.sparsim.core.tree.Node.Scalar;
import io.sparsim.kernels.KernelPaths;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
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
    /**
     * This machine's CPU without any calibration: detected, DRAM probed, kernel costs from the kernels' structure
     * and this CPU's SIMD width and FMA pipes. Accepted by {@link #get} (to compare the uncalibrated model with a calibration), not listed in
     * {@link #ids}.
     */
    public static final String HOST_UNCALIBRATED = "host-uncalibrated";

    private final Map<String, MapNode> bundled;
    private final List<String> ids;
    private final Supplier<HostDetector.Host> hostDetector;
    private final HostCalibrations calibrations;
    private CpuProfile host;
    private CpuProfile uncalibratedHost;
    private HostCalibrations.Origin hostOrigin;

    ProfileRegistry(Map<String, MapNode> bundled, Supplier<HostDetector.Host> hostDetector) {
        this(bundled, hostDetector, new HostCalibrations(null, HostCalibrations.classpathKernelsVersion()));
    }

    ProfileRegistry(Map<String, MapNode> bundled, Supplier<HostDetector.Host> hostDetector,
            HostCalibrations calibrations) {
        this.bundled = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(bundled));
        List<String> all = new ArrayList<>(bundled.keySet());
        all.add(HOST);
        this.ids = List.copyOf(all);
        this.hostDetector = hostDetector;
        this.calibrations = calibrations;
    }

    /** The profiles shipped with Sparsim, in index order, with {@code host} detected from this machine. */
    public static ProfileRegistry bundled() {
        return withCalibrations(HostCalibrations.fromEnvironment(System.getenv()));
    }

    /** The bundled profiles with {@code host} calibrated from {@code calibrations} (tests point it elsewhere). */
    public static ProfileRegistry withCalibrations(HostCalibrations calibrations) {
        return new ProfileRegistry(readBundled(),
                () -> HostDetector.detectSystemHost(KernelPaths.ofVersion(calibrations.kernelsVersion())), calibrations);
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
        if (HOST_UNCALIBRATED.equals(idOrPath)) {
            return uncalibratedHost();
        }
        MapNode tree = idOrPath == null ? null : bundled.get(resolveAlias(idOrPath));
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
        throw new BadInputException("hw", "a profile id or alias (" + String.join("|", aliases().values())
                + ") or a profile file path", idOrPath);
    }

    /**
     * The short name of each bundled profile, by id: the shortest leading run of the id's words after the
     * vendor that names a model number (has a digit) and no other profile ({@code h100}, {@code wse3},
     * {@code epyc-9654}); the id itself where no such run is unique. Derived, so a new profile gets one.
     */
    public Map<String, String> aliases() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String id : ids) {
            String alias = id;
            for (String candidate : aliasCandidates(id)) {
                if (candidate.chars().anyMatch(Character::isDigit) && matching(candidate).equals(List.of(id))) {
                    alias = candidate;
                    break;
                }
            }
            out.put(id, alias);
        }
        return out;
    }

    /** The bundled id {@code name} stands for: itself, or the one id it is a unique alias of. */
    private String resolveAlias(String name) {
        if (bundled.containsKey(name)) {
            return name;
        }
        List<String> hits = matching(name.toLowerCase(java.util.Locale.ROOT));
        if (hits.size() > 1) {
            throw new BadInputException("hw", "a unique profile alias (" + name + " names " + String.join(", ", hits)
                    + ")", name);
        }
        return hits.isEmpty() ? name : hits.get(0);
    }

    private List<String> matching(String alias) {
        List<String> hits = new ArrayList<>();
        for (String id : bundled.keySet()) {
            if (aliasCandidates(id).contains(alias)) {
                hits.add(id);
            }
        }
        // An alias that is all of one id's words after the vendor names that id, even when it leads another
        // (epyc-9654 is amd-epyc-9654, not also amd-epyc-9654-2s).
        List<String> whole = hits.stream().filter(id -> id.endsWith("-" + alias) && id.indexOf('-') + 1
                == id.length() - alias.length()).toList();
        return whole.size() == 1 ? whole : hits;
    }

    /** Leading runs of an id's words after the vendor word: nvidia-h100-sxm5-80gb gives h100, h100-sxm5, ... */
    private static List<String> aliasCandidates(String id) {
        String[] words = id.split("-");
        List<String> out = new ArrayList<>();
        for (int end = 2; end <= words.length; end++) {
            out.add(String.join("-", java.util.Arrays.copyOfRange(words, 1, end)));
        }
        return out;
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
            CpuProfile detected = hostDetector.get().profile();
            String model = cpuModel(detected);
            String key = hostDetector.get().cpuKey();
            Optional<Path> user = calibrations.existingUserFile(key);
            Optional<CpuProfile> calibration;
            if (user.isPresent()) {
                calibration = Optional.of(userCalibration(user.get()));
                hostOrigin = origin(HostCalibrations.Kind.USER, user.get().toString(), calibration.get());
            } else {
                String version = hostKernelsVersion(key);
                calibration = committedCalibrationFor(key, version);
                hostOrigin = calibration.map(c -> origin(HostCalibrations.Kind.COMMITTED, committedFile(key, version),
                                c))
                        .orElse(new HostCalibrations.Origin(HostCalibrations.Kind.UNCALIBRATED, null,
                                "no calibration for '" + model + "' (" + key + ") on kernels version "
                                        + version
                                        + "; efficiency from the kernels' structure, this CPU's SIMD width and FMA pipes and its probed DRAM rates (see the sources)"));
            }
            // The calibration's efficiencies were fitted against its probed DRAM bandwidth and its clock, so all
            // three travel.
            host = calibration
                    .map(c -> {
                        CpuProfile clocked = c.sourcesFor("sustainedClock").stream().findFirst()
                                .filter(src -> c.sustainedClock().hertz() != detected.sustainedClock().hertz())
                                .map(src -> detected.withSustainedClock(c.sustainedClock(), src)).orElse(detected);
                        CpuProfile h = clocked.withEfficiency(model + " (host, detected, calibrated)",
                                c.efficiency(), c.sourcesFor("efficiency"));
                        return c.sourcesFor("memory.bandwidth").stream().findFirst()
                                .map(src -> h.withMemoryBandwidth(c.memory().bandwidth(), src)).orElse(h);
                    })
                    .orElseGet(this::uncalibratedHost);
        }
        return host;
    }

    /** Suffix of the cached all-core clock probe of a CPU, beside its calibrations. */
    public static final String CLOCK_SUFFIX = ".clock";

    /** The detected host with its DRAM and clock probed (at first use, then cached beside the calibrations), no calibration. */
    private synchronized CpuProfile uncalibratedHost() {
        if (uncalibratedHost == null) {
            CpuProfile detected = hostDetector.get().profile();
            Optional<Path> cache = calibrations.bandwidthCache(hostDetector.get().cpuKey());
            BandwidthProbe.Result probe = BandwidthProbe.cachedOrRun(cache, detected.cores()
                    * detected.threadsPerCore(), detected.caches().l3Total().bytes());
            String key = hostDetector.get().cpuKey();
            ClockProbe.Result clock = ClockProbe.cachedOrRun(calibrations.cached(key, CLOCK_SUFFIX),
                    detected.cores() * detected.threadsPerCore());
            uncalibratedHost = HostDetector.withProbe(detected, probe, clock, cache.map(c -> "cached in "
                    + c.getParent()).orElse("not cached (neither XDG_DATA_HOME nor HOME is set)"));
        }
        return uncalibratedHost;
    }

    /** This machine's CPU model, as /proc/cpuinfo names it. */
    public String hostCpuModel() {
        return cpuModel(hostDetector.get().profile());
    }

    /** This machine's calibration key ({@link HostCalibrations#key}: model name, cpu family and model number). */
    public String hostCpuKey() {
        return hostDetector.get().cpuKey();
    }

    /** The CPU model of a detected host profile, as /proc/cpuinfo names it. */
    public static String cpuModel(CpuProfile detected) {
        return detected.name().replace(HostDetector.NAME_SUFFIX, "");
    }

    private static HostCalibrations.Origin origin(HostCalibrations.Kind kind, String where, CpuProfile calibration) {
        String detail = calibration.sourcesFor("efficiency").stream().filter(src -> "efficiency".equals(src.what()))
                .map(src -> src.isEstimate() ? src.estimate() : src.citation()).findFirst()
                .orElse("no efficiency source");
        return new HostCalibrations.Origin(kind, where, detail);
    }

    private CpuProfile userCalibration(Path file) {
        if (load(file) instanceof CpuProfile cpu) {
            return cpu;
        }
        throw new BadInputException("kind", "cpu (a host calibration)", "another kind").at(file.toString(), 0);
    }

    /** Where the {@code host} profile's calibration came from: the user's, a committed one, or none. */
    public HostCalibrations.Origin hostOrigin() {
        host();
        return hostOrigin;
    }

    /** True when the {@code host} profile carries a calibration (the user's or a committed one) for this CPU. */
    public boolean hostIsCalibrated() {
        return hostOrigin().kind() != HostCalibrations.Kind.UNCALIBRATED;
    }

    /** The calibration folder and kernels version this registry resolves {@code host} with. */
    public HostCalibrations calibrations() {
        return calibrations;
    }

    /**
     * The committed calibration (a whole CPU profile whose efficiency was fitted to measurements) for the CPU
     * {@code cpuKey} ({@link HostCalibrations#key}), on this build's kernels, if one is bundled. Calibrations are
     * listed in {@code calibrations/index.txt} as {@code cpu key | kernels version | file}. A key there without
     * its family and model (a calibration measured before they were recorded) stands for every CPU of that
     * model name, but only where no entry names the exact key.
     */
    public Optional<CpuProfile> committedCalibrationFor(String cpuKey) {
        return committedCalibrationFor(cpuKey, calibrations.kernelsVersion());
    }

    /**
     * The committed calibration of {@code cpuKey} fitted on kernels version {@code kernelsVersion} (paths included,
     * e.g. {@code 3+csr-scalar}): what a measurement file taken with those kernels is checked against, whatever
     * paths this machine's probe chose.
     */
    public Optional<CpuProfile> committedCalibrationFor(String cpuKey, String kernelsVersion) {
        String file = committedFile(cpuKey, kernelsVersion);
        if (file == null) {
            return Optional.empty();
        }
        String text = optionalResource(CALIBRATIONS + file);
        if (text == null) {
            throw new IllegalStateException("calibration listed but missing: " + CALIBRATIONS + file);
        }
        if (loadText(file, text) instanceof CpuProfile cpu) {
            return Optional.of(cpu);
        }
        throw new IllegalStateException("calibration " + file + " is not a cpu profile");
    }

    /** One line of {@code calibrations/index.txt}: {@code cpu key | kernels version | file}. */
    record CalibrationEntry(String cpuKey, String kernelsVersion, String file) {}

    /** The lines of {@code calibrations/index.txt}, comments and malformed lines skipped; empty without an index. */
    static List<CalibrationEntry> calibrationIndex() {
        String index = optionalResource(CALIBRATIONS + "index.txt");
        List<CalibrationEntry> out = new ArrayList<>();
        for (String line : index == null ? new String[0] : index.split("\n")) {
            String[] parts = line.split("\\|");
            if (!line.isBlank() && !line.startsWith("#") && parts.length == 3) {
                out.add(new CalibrationEntry(parts[0].strip(), parts[1].strip(), parts[2].strip()));
            }
        }
        return out;
    }

    /**
     * The kernels' version this machine's committed calibration is looked up under: this machine's once its
     * kernel-path probe has run (cached beside the calibrations). Before that, which paths it will take is unknown,
     * and the first committed calibration of this CPU on the same kernels, under whatever paths it was filed, is
     * taken: the probe chooses by what the CPU does fastest, so the same CPU mostly chooses the same paths (where two
     * paths run within the probe's margin, as csr's M = 1 loops on the Zen 5 VM, it can choose either). Without this,
     * a fresh Zen 5 machine ran uncalibrated beside a committed Zen 5 calibration filed under a path-suffixed version.
     * Only paths this JVM can run are taken, those matching it first: with the Vector API's expand the probe chose the
     * bitmask expand path wherever it timed it (the Zen 5 VM: 0.79 ms against the walk's 4.03), and without expand the
     * walk is the only path.
     */
    private String hostKernelsVersion(String cpuKey) {
        String version = calibrations.kernelsVersion();
        if (version == null || committedFile(cpuKey, version) != null || calibrations.pathsProbed(cpuKey)) {
            return version;
        }
        boolean jvmExpands = KernelPaths.jvmHasVectorExpand();
        return calibrationIndex().stream()
                .filter(e -> e.cpuKey().equals(cpuKey) && e.kernelsVersion().startsWith(version + "+"))
                .map(CalibrationEntry::kernelsVersion)
                .filter(v -> jvmExpands || !expands(v))
                .sorted(Comparator.comparing(v -> expands(v) != jvmExpands)) // stable: index order among equals
                .findFirst().orElse(version);
    }

    private static boolean expands(String kernelsVersion) {
        return KernelPaths.ofVersion(kernelsVersion).bitmaskGemv() == KernelPaths.BitmaskGemv.EXPAND;
    }

    private String committedFile(String cpuKey) {
        return committedFile(cpuKey, calibrations.kernelsVersion());
    }

    /**
     * Whether the CPU {@code cpuKey} has a calibration on kernels {@code kernelsVersion} (paths included): the user's
     * in {@code userDir} (null: none) or a committed one. What the kernel-path probe consults where two paths tie.
     */
    public static boolean hasCalibration(Path userDir, String cpuKey, String kernelsVersion) {
        return committedFile(cpuKey, kernelsVersion) != null || new HostCalibrations(userDir, kernelsVersion)
                .userFile(cpuKey).map(Files::isRegularFile).orElse(false);
    }

    /** The committed calibration file for a CPU key on kernels version {@code kernelsVersion}, or null. */
    private static String committedFile(String cpuKey, String kernelsVersion) {
        if (cpuKey == null) {
            return null;
        }
        String byName = null;
        for (CalibrationEntry e : calibrationIndex()) {
            if (!e.kernelsVersion().equals(kernelsVersion)) {
                continue;
            }
            if (e.cpuKey().equals(cpuKey)) {
                return e.file();
            }
            if (e.cpuKey().equals(HostCalibrations.nameOfKey(e.cpuKey()))
                    && e.cpuKey().equals(HostCalibrations.nameOfKey(cpuKey))) {
                byName = e.file();
            }
        }
        return byName;
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
        return parse(name, TreeParser.readText(file, name));
    }

    private static MapNode parse(String name, String text) {
        MapNode tree = TreeParser.parseMap(text, name, Syntax.of(name),
                "a profile mapping with schema, id, name, kind, sources");
        ProfileBinder.checkFile(tree);
        return tree;
    }

    /** The id a tree declares, or its file name when it has none (binding reports the missing id). */
    private static String idOf(MapNode tree) {
        if (tree.get("id") instanceof Scalar s && !s.text().isBlank()) {
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
        Scalar ext = top.scalar("extends", "a parent profile id");
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
