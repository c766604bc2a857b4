package io.sparsim.hwprofiles;

import java.util.List;

/**
 * One machine's specification: immutable, validated at construction. The simulator builds its
 * resources from these records and never reads YAML (spec apart from model).
 */
public sealed interface HardwareProfile permits WaferProfile, GpuProfile, CpuProfile, ClusterProfile {
    /** Stable id, e.g. {@code nvidia-h100-sxm5-80gb}. */
    String id();

    /** Human name, e.g. {@code NVIDIA H100 SXM5 80GB}. */
    String name();

    Kind kind();

    /** Where each number came from (citation or estimate with reasoning). */
    List<Source> sources();

    /** Board/system power the capacity planner charges per unit, watts. */
    double powerWatts();

    /** The sources that cover {@code path} (a field path inside the kind section, e.g. {@code hbm.bandwidth}). */
    default List<Source> sourcesFor(String path) {
        return sources().stream().filter(s -> s.covers(path)).toList();
    }
}
