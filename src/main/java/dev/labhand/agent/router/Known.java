package dev.labhand.agent.router;

import java.util.List;

/**
 * The resources the router knows by type while it reads one sentence, from live state (never from the text):
 * the caller's visible workspaces, the cloud VMs and the registered Docker hosts. A VM's name in a sentence
 * selects a VM tool, a workspace's name a workspace tool.
 */
public record Known(List<Entity> entities) {

    public Known {
        entities = List.copyOf(entities);
    }

    /** What a name names. */
    public enum Kind {
        WORKSPACE("<ws>"), VM("<vm>"), HOST("<host>");

        final String placeholder;

        Kind(String placeholder) {
            this.placeholder = placeholder;
        }
    }

    /**
     * One named resource.
     *
     * @param detail a workspace's template, a VM's cloud; may be null
     * @param fuzzy  a typo of the name may be read as this resource: only the caller's own (never "corrected"
     *               into someone else's)
     */
    public record Entity(String name, Kind kind, String detail, boolean fuzzy) {}
}
