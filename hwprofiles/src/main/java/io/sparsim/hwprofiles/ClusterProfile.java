package io.sparsim.hwprofiles;

import io.sparsim.core.BadInputException;
import java.util.List;

/**
 * Nodes of identical devices joined by networks (section {@code cluster:}): a DGX/HGX GPU server and the
 * InfiniBand between servers, or a multi-socket CPU server.
 *
 * @param device         one device (a bundled GPU or CPU profile): what one rank runs on
 * @param devicesPerNode devices sharing {@code scaleUp} (GPUs on one NVSwitch, sockets on one board)
 * @param scaleUp        the link between devices of a node
 * @param scaleOut       the network between nodes, per device; null for a single node (one board)
 * @param powerWatts     one node's power, devices included
 */
public record ClusterProfile(String id, String name, List<Source> sources, HardwareProfile device, int devicesPerNode,
                             Interconnect scaleUp, Interconnect scaleOut, double powerWatts)
        implements HardwareProfile {

    public ClusterProfile {
        Check.id(id, "id");
        Check.text(name, "name");
        sources = Check.list(sources, "sources");
        Check.present(device, "device", "a gpu or cpu profile id");
        if (device instanceof ClusterProfile || device instanceof WaferProfile) {
            throw new BadInputException("device", "a gpu or cpu profile id", device.id() + " (" + device.kind() + ")");
        }
        Check.positive(devicesPerNode, "devicesPerNode");
        Check.present(scaleUp, "scaleUp", "a link {name, bandwidth, busEfficiency, stepLatency}");
        Check.positive(powerWatts, "powerWatts");
    }

    /** Devices the cluster can join: one node without a scale-out network, else any number. */
    public int maxDevices() {
        return scaleOut == null ? devicesPerNode : Integer.MAX_VALUE;
    }

    @Override
    public Kind kind() {
        return Kind.CLUSTER;
    }
}
