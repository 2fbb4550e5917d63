package dev.labhand.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labhand.store.WorkspaceRecord;
import dev.labhand.store.WorkspaceRecord.Status;
import dev.labhand.tool.Caller.Lang;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settles what a workspace call left when its process died half-way: a remove whose container is already gone
 * loses its record too (the member confirmed it), and a create that never made its container frees its name
 * and quota. Anything whose container exists is left to the reconciler, which already made the record agree.
 */
public final class InterruptedWork {
    private static final Logger log = LoggerFactory.getLogger(InterruptedWork.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WorkspaceService service;

    public InterruptedWork(WorkspaceService service) {
        this.service = service;
    }

    /** What was done about one interrupted call, for its audit row; empty when there was nothing to do. */
    public String settle(String tool, String argsJson) {
        if (!tool.equals("workspace.remove") && !tool.equals("workspace.create")) return "";
        String name = name(argsJson);
        if (name == null) return "";
        Optional<WorkspaceRecord> record = service.repository().byName(name);
        if (record.isEmpty()) return "";
        WorkspaceRecord r = record.get();
        try {
            Optional<DockerEngine.ContainerState> container = service.containerOf(r, Lang.EN);
            if (container.isPresent()) {
                if (tool.equals("workspace.remove")) return "workspace " + name + " is still there: remove it again if still wanted";
                // the create got as far as the container: keep it, and let the record say what the engine says
                DockerEngine.ContainerState c = container.get();
                Status now = c.running() ? Status.RUNNING : Status.STOPPED;
                if (!c.id().equals(r.containerId()) || r.status() != now) {
                    service.repository().update(r.withContainer(c.id()).withStatus(now));
                }
                return "its container was made, so workspace " + name + " is kept (" + now.name().toLowerCase() + ")";
            }
            if (tool.equals("workspace.remove") || r.status() == Status.CREATING) {
                service.repository().delete(r.id());
                return tool.equals("workspace.remove") ? "its container was already gone, so its record was removed too"
                        : "it had made no container, so its record was removed and the name is free";
            }
            return "";
        } catch (RuntimeException e) {
            log.warn("could not settle the interrupted {} of {}", tool, name, e);
            return "what it left could not be checked (the engine did not answer); the reconciler will see it";
        }
    }

    private static String name(String argsJson) {
        try {
            JsonNode n = JSON.readTree(argsJson).get("name");
            return n == null ? null : n.asText();
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }
}
