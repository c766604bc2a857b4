package io.sparsim.validation.measure;

import io.sparsim.core.BadInputException;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A set of kernel timings from one machine: file schema {@value #SCHEMA}.
 *
 * @param host  free-form description of the machine and software (cpu model, cores, java version, os;
 *              GPU name, driver, CUDA and library versions for GPU runs); insertion order is kept
 * @param cases the timed cases; ids are unique
 */
public record Measurement(Map<String, String> host, List<MeasuredCase> cases) {
    public static final String SCHEMA = "sparsim/measurements/v1";

    public Measurement {
        if (host == null) {
            throw new BadInputException("host", "a map of descriptive fields", null);
        }
        for (Map.Entry<String, String> e : host.entrySet()) {
            if (e.getKey() == null || e.getKey().isBlank() || e.getValue() == null) {
                throw new BadInputException("host." + e.getKey(), "a non-empty key with a string value",
                        e.getValue());
            }
        }
        host = Collections.unmodifiableMap(new LinkedHashMap<>(host));
        if (cases == null) {
            throw new BadInputException("cases", "a list of cases", null);
        }
        cases = List.copyOf(cases);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < cases.size(); i++) {
            if (!ids.add(cases.get(i).id())) {
                throw new BadInputException("cases[" + i + "].id", "an id not used by an earlier case",
                        cases.get(i).id());
            }
        }
    }
}
