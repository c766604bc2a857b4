package io.sparsim.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.sparsim.hwprofiles.HardwareProfile;
import io.sparsim.hwprofiles.ProfileRegistry;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes a profile as a loadable sparsim/hwprofile/v1 YAML file. */
final class ProfileYaml {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    private ProfileYaml() {}

    static String write(HardwareProfile p, String id, String comment) {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("schema", "sparsim/hwprofile/v1");
        tree.putAll(ProfileRegistry.describe(p));
        tree.put("id", id);
        try {
            return "# " + comment + "\n" + YAML.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
