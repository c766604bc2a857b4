package io.sparsim.cli;

import io.sparsim.core.BadInputException;
import io.sparsim.hwprofiles.HardwareProfile;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Flags the user gave that have no meaning for the chosen target or phase are errors, not silently ignored:
 * exit 2 naming the flag and what it was given for.
 */
final class Applicability {
    private Applicability() {}

    /** True when the user typed {@code flag} (defaults do not count). */
    static boolean given(CommandSpec spec, String flag) {
        return spec.commandLine().getParseResult().hasMatchedOption(flag);
    }

    /** Bad input naming {@code flag} and {@code where} when the flag was given but does not apply. */
    static void require(CommandSpec spec, String flag, boolean applies, String appliesTo, String where) {
        if (given(spec, flag) && !applies) {
            Object value = spec.commandLine().getParseResult().matchedOptionValue(flag, null);
            throw new BadInputException(flag, "no " + flag + " for " + where + "; it applies to " + appliesTo,
                    value);
        }
    }

    /** {@code id (a gpu profile)}: how an error names a target. */
    static String target(HardwareProfile profile) {
        return profile.id() + " (a " + profile.kind().id() + " profile)";
    }
}
