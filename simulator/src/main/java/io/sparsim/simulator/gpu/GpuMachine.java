package io.sparsim.simulator.gpu;

import io.sparsim.hwprofiles.GpuProfile;

/** The rates the GPU mapper uses, read once from a profile (spec apart from model). */
record GpuMachine(int sms, double hbmBytesPerSecond, double hbmPeakBytesPerSecond, double l2Bytes,
                  double l2BytesPerSecond, double launchSeconds, double vectorFlopsPerSecond) {

    static GpuMachine of(GpuProfile p) {
        return new GpuMachine(
                p.sms(),
                p.hbm().bandwidth().bytesPerSecond() * p.efficiency().hbm(),
                p.hbm().bandwidth().bytesPerSecond(),
                p.l2().capacity().bytes(),
                p.l2().bandwidth().bytesPerSecond(),
                p.launchOverhead().seconds(),
                p.vector().flopsPerSecond());
    }
}
