package dev.labhand.support;

/**
 * A loopback front of the Docker engine that goes away for good the moment a request containing
 * {@code cutAt} passes through it (that request is not forwarded): the engine "dies" at an exact step of a
 * conversation, e.g. after the container was made and before it is started.
 */
public final class EngineCutProxy extends EngineProxy {
    private final String cutAt;
    private volatile boolean cut;

    public EngineCutProxy(String unixSocketPath, String cutAt) {
        super(unixSocketPath, "engine-cut-proxy");
        this.cutAt = cutAt;
    }

    public boolean wasCut() {
        return cut;
    }

    @Override
    boolean forward(String chunk) {
        // once cut, no connection carries anything more (one accepted as the cut happened included)
        if (cut || chunk.contains(cutAt)) {
            cut = true;
            close();
            return false;
        }
        return true;
    }

    @Override
    boolean flowing() {
        return !cut;
    }
}
