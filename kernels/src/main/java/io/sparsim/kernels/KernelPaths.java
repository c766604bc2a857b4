package io.sparsim.kernels;

import java.util.Locale;
import java.util.Optional;

/**
 * Which inner path each CPU kernel runs where more than one computes the same result and the machine decides
 * which is faster. Chosen by a micro-probe on this machine ({@code kernels.cpu.PathProbe}), cached beside the host
 * calibrations, never by CPU name. The choice is part of the kernels' version ({@link #versionOf}), so a calibration
 * is only applied to the paths it was measured with; the default paths keep the bare version, which is what the
 * committed calibrations were measured with. Passed explicitly to whatever encodes a kernel or times one; no
 * JVM-wide setting.
 *
 * @param csrGemv     how the csr kernel's M = 1 loop reads a[row] for a slice's 16 nonzeros
 * @param bitmaskGemv how the bitmask kernel's M = 1 loop turns a mask word into products
 */
public record KernelPaths(CsrGemv csrGemv, BitmaskGemv bitmaskGemv) {
    /** The csr kernel's M = 1 activation reads. */
    public enum CsrGemv {
        /** One hardware gather (vgatherdps) of 16 activations per 16 nonzeros, one vector FMA. */
        GATHER,
        /**
         * Sixteen scalar index and activation loads and sixteen scalar FMAs into sixteen independent sums: no
         * gather, so it wins where the gather is microcoded or slow and the load ports are many.
         */
        SCALAR
    }

    /** The bitmask kernel's M = 1 loop over a column's mask words. */
    public enum BitmaskGemv {
        /** Each set bit found by tzcnt/blsr, one activation load and one scalar FMA per nonzero. */
        WALK,
        /**
         * Per 16 rows one vector expand (vexpandps) of the packed values by the mask's 16 bits and one vector FMA
         * against 16 activations: cost per position block, not per nonzero. The Vector API has {@code expand} from
         * JDK 19 on, so a JVM without it always walks.
         */
        EXPAND
    }

    /** The paths the kernels ran before the probe existed (and the committed calibrations were measured with). */
    public static final KernelPaths DEFAULT = new KernelPaths(CsrGemv.GATHER, BitmaskGemv.WALK);

    public KernelPaths {
        if (csrGemv == null) {
            throw new IllegalArgumentException("csrGemv");
        }
        if (bitmaskGemv == null) {
            throw new IllegalArgumentException("bitmaskGemv");
        }
    }

    /** These paths with the csr M = 1 path {@code g}. */
    public KernelPaths withCsr(CsrGemv g) {
        return new KernelPaths(g, bitmaskGemv);
    }

    /** These paths with the bitmask M = 1 path {@code g}. */
    public KernelPaths withBitmask(BitmaskGemv g) {
        return new KernelPaths(csrGemv, g);
    }

    /**
     * The kernels' version with these paths: {@code base} for the default paths, else {@code base} and a suffix per
     * non-default path ({@code 3+csr-scalar}, {@code 3+csr-scalar+bitmask-expand}).
     */
    public String versionOf(String base) {
        StringBuilder v = new StringBuilder(base);
        if (csrGemv != DEFAULT.csrGemv) {
            v.append("+csr-").append(lower(csrGemv));
        }
        if (bitmaskGemv != DEFAULT.bitmaskGemv) {
            v.append("+bitmask-").append(lower(bitmaskGemv));
        }
        return v.toString();
    }

    /**
     * Whether this JVM's Vector API has {@code FloatVector.expand} (JDK 19 and later), without loading the incubating
     * module: what the path cache records, so a choice made on the other kind of JVM is probed again.
     */
    public static boolean jvmHasVectorExpand() {
        return Runtime.version().feature() >= 19;
    }

    /**
     * The paths a kernels version names ({@link #versionOf}'s inverse); the default paths for null, a bare version or
     * a suffix this version does not know.
     */
    public static KernelPaths ofVersion(String version) {
        KernelPaths p = DEFAULT;
        if (version == null) {
            return p;
        }
        for (String suffix : version.split("\\+")) {
            for (CsrGemv g : CsrGemv.values()) {
                if (suffix.equals("csr-" + lower(g))) {
                    p = p.withCsr(g);
                }
            }
            for (BitmaskGemv g : BitmaskGemv.values()) {
                if (suffix.equals("bitmask-" + lower(g))) {
                    p = p.withBitmask(g);
                }
            }
        }
        return p;
    }

    /** One line for the cache file, a fork's system property and people: {@code csrGemv=scalar,bitmaskGemv=walk}. */
    public String text() {
        return "csrGemv=" + lower(csrGemv) + ",bitmaskGemv=" + lower(bitmaskGemv);
    }

    /**
     * Reads {@link #text()} back; empty when the text is not one this version wrote. Lines starting with {@code #}
     * are comments. A text without a bitmask path (written before that path had a choice) ran the walk.
     */
    public static Optional<KernelPaths> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Optional<CsrGemv> csr = Optional.empty();
        BitmaskGemv bitmask = BitmaskGemv.WALK;
        for (String l : text.lines().map(String::strip).filter(x -> !x.startsWith("#"))
                .flatMap(x -> java.util.Arrays.stream(x.split(","))).map(String::strip).toList()) {
            if (l.startsWith("csrGemv=")) {
                csr = value(CsrGemv.values(), l.substring("csrGemv=".length()));
                if (csr.isEmpty()) {
                    return Optional.empty();
                }
            } else if (l.startsWith("bitmaskGemv=")) {
                Optional<BitmaskGemv> b = value(BitmaskGemv.values(), l.substring("bitmaskGemv=".length()));
                if (b.isEmpty()) {
                    return Optional.empty();
                }
                bitmask = b.get();
            }
        }
        BitmaskGemv b = bitmask;
        return csr.map(c -> new KernelPaths(c, b));
    }

    private static <E extends Enum<E>> Optional<E> value(E[] values, String text) {
        for (E e : values) {
            if (lower(e).equals(text)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
