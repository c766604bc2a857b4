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
 * @param csrGemv how the csr kernel's M = 1 loop reads a[row] for a slice's 16 nonzeros
 */
public record KernelPaths(CsrGemv csrGemv) {
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

    /** The paths the kernels ran before the probe existed (and the committed calibrations were measured with). */
    public static final KernelPaths DEFAULT = new KernelPaths(CsrGemv.GATHER);

    public KernelPaths {
        if (csrGemv == null) {
            throw new IllegalArgumentException("csrGemv");
        }
    }

    /** The kernels' version with these paths: {@code base} for the default paths, else {@code base+csr-scalar}. */
    public String versionOf(String base) {
        return equals(DEFAULT) ? base : base + "+csr-" + csrGemv.name().toLowerCase(Locale.ROOT);
    }

    /** One line for the cache file and for people: {@code csrGemv=scalar}. */
    public String text() {
        return "csrGemv=" + csrGemv.name().toLowerCase(Locale.ROOT);
    }

    /** Reads {@link #text()} back; empty when the text is not one this version wrote. */
    public static Optional<KernelPaths> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.startsWith("csrGemv=")) {
                for (CsrGemv g : CsrGemv.values()) {
                    if (g.name().toLowerCase(Locale.ROOT).equals(l.substring("csrGemv=".length()))) {
                        return Optional.of(new KernelPaths(g));
                    }
                }
            }
        }
        return Optional.empty();
    }
}
