package io.sparsim.cli;

import io.sparsim.hwprofiles.HardwareProfile;
import io.sparsim.hwprofiles.ProfileRegistry;
import java.io.PrintWriter;

/** Resolves {@code --hw}, saying on stderr which calibration the {@code host} profile carries when it is asked for. */
final class HostProfiles {
    private HostProfiles() {
    }

    static HardwareProfile get(String hw, PrintWriter err) {
        ProfileRegistry registry = ProfileRegistry.bundled();
        HardwareProfile p = registry.get(hw);
        if (ProfileRegistry.HOST.equals(hw)) {
            err.println("host profile: " + registry.hostOrigin().describe());
        }
        return p;
    }
}
