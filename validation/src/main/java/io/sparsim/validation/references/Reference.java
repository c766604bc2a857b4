package io.sparsim.validation.references;

import io.sparsim.core.BadInputException;
import io.sparsim.hwprofiles.units.Frequency;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One published figure (an entry of a {@code sparsim/reference/v1} file): what ran where, what was measured or
 * claimed, where it was read, and the tolerance the project commits to.
 *
 * @param id        unique over all reference files
 * @param group     the summary group
 * @param hardware  a bundled profile id
 * @param software  library and version as published
 * @param workload  what ran
 * @param clock     the SM clock the run held, where its source states one or its figure implies one; empty: the
 *                  card's default clock behaviour (the profile's sustained clock under load)
 * @param metric    what {@code value} measures
 * @param value     the published figure in SI units; empty only for a {@code claim} that states no figure
 * @param kind      measured, vendor-claim or claim
 * @param source    a URL or repository + path/issue/PR
 * @param tolerance relative error for time and rates, absolute difference for a speedup
 * @param knownMiss why the model cannot meet a measured entry, when that was found; empty otherwise
 * @param why       for a claim: why Sparsim's figure differs (or agrees)
 */
public record Reference(String id, Group group, String hardware, Software software, ReferenceWorkload workload,
                        Optional<HeldClock> clock, Metric metric, OptionalDouble value, Kind kind, String source, double tolerance,
                        Optional<String> knownMiss, Optional<String> why) {

    public Reference {
        if (id == null || !id.matches("[a-z0-9][a-z0-9.:_-]*")) {
            throw new BadInputException("id", "an id of lower-case letters, digits and . : _ -", id);
        }
        if (value.isPresent() && !(value.getAsDouble() > 0 && Double.isFinite(value.getAsDouble()))) {
            throw new BadInputException("value", "a positive number in SI units", value.getAsDouble());
        }
        if (value.isEmpty() && kind != Kind.CLAIM) {
            throw new BadInputException("value", "a published figure (only a claim may state none)", null);
        }
        if (!(tolerance > 0 && tolerance < 10)) {
            throw new BadInputException("tolerance", "a positive fraction (relative) or speedup difference (absolute)",
                    tolerance);
        }
        if (kind == Kind.CLAIM && why.isEmpty()) {
            throw new BadInputException("why", "a sentence on why Sparsim's figure differs from the claim", null);
        }
        if (knownMiss.isPresent() && kind != Kind.MEASURED) {
            throw new BadInputException("knownMiss", "only on a measured entry (claims are not gated)", knownMiss.get());
        }
        if (metric == Metric.SPEEDUP && workload instanceof ReferenceWorkload.GemmCase g && g.kernel().isEmpty()
                && g.sparsity().equals("dense")) {
            throw new BadInputException("workload.gemm.sparsity", "a sparse weight for a speedup over dense", "dense");
        }
    }

    /** True when the entry gates {@code validate}: a measurement not marked as a known miss. */
    public boolean gated() {
        return kind == Kind.MEASURED && knownMiss.isEmpty();
    }

    /**
     * A run that held its SM clock at {@code held} rather than settling at the card's sustained clock under its
     * power limit: locked ({@code nvidia-smi -lgc}), or with data light enough to stay under the limit.
     *
     * @param basis where the source states it, or why the figure implies it
     */
    public record HeldClock(Frequency held, String basis) {
        public HeldClock {
            if (held == null) {
                throw new BadInputException("held", Frequency.expected(), null);
            }
            if (basis == null || basis.isBlank()) {
                throw new BadInputException("basis", "a sentence on where the source states the clock or why the "
                        + "figure implies it", basis);
            }
        }
    }

    /** The library and version a figure was obtained with. */
    public record Software(String library, String version) {
        public Software {
            if (library == null || library.isBlank()) {
                throw new BadInputException("library", "a non-empty text", library);
            }
            if (version == null || version.isBlank()) {
                throw new BadInputException("version", "a non-empty text ('not stated' when the source gives none)",
                        version);
            }
        }
    }

    /** Summary groups, in report order. */
    public enum Group {
        GPU_DENSE("gpu-dense"), GPU_2_4("gpu-2:4"), GPU_SPARSE("gpu-unstructured"), CPU("cpu"), WAFER("wafer"),
        END_TO_END("end-to-end"), CLAIMS("claims");

        private final String id;

        Group(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        public static Group parse(String text, String field) {
            return Arrays.stream(values()).filter(g -> g.id.equals(text)).findFirst().orElseThrow(() ->
                    new BadInputException(field, "one of " + ids(Arrays.stream(values()).map(v -> v.id)), text));
        }
    }

    /** What a published figure measures; all in SI units. */
    public enum Metric {
        SECONDS("seconds"), FLOPS_PER_SECOND("flopsPerSecond"), TOKENS_PER_SECOND("tokensPerSecond"),
        SPEEDUP("speedup");

        private final String id;

        Metric(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        /** A speedup's error is a difference (1.60 against 1.46 is 0.14 off); the others' a ratio. */
        public boolean absolute() {
            return this == SPEEDUP;
        }

        public static Metric parse(String text, String field) {
            return Arrays.stream(values()).filter(g -> g.id.equals(text)).findFirst().orElseThrow(() ->
                    new BadInputException(field, "one of " + ids(Arrays.stream(values()).map(v -> v.id)), text));
        }
    }

    /** Where a figure stands: measured by someone, claimed by a vendor, or a headline claim (the seeds). */
    public enum Kind {
        MEASURED("measured"), VENDOR_CLAIM("vendor-claim"), CLAIM("claim");

        private final String id;

        Kind(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        public static Kind parse(String text, String field) {
            return Arrays.stream(values()).filter(g -> g.id.equals(text)).findFirst().orElseThrow(() ->
                    new BadInputException(field, "one of " + ids(Arrays.stream(values()).map(v -> v.id)), text));
        }
    }

    private static String ids(java.util.stream.Stream<String> ids) {
        return String.join("|", ids.toList());
    }
}
