package dev.labhand.workspace;

import dev.labhand.config.LabhandConfig;
import dev.labhand.i18n.Messages;
import dev.labhand.store.WorkspaceRecord;
import dev.labhand.store.WorkspaceRecord.Status;
import dev.labhand.store.WorkspaceRepository;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Caller.Lang;
import dev.labhand.tool.MemberNames;
import dev.labhand.tool.Progress;
import dev.labhand.tool.UserError;
import dev.labhand.util.Failpoints;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workspace lifecycle on one Docker engine, keeping the store and the engine in step: the record
 * is written (CREATING) before the container exists, and anything a failed create made is removed
 * again, so no container is left that the store does not know.
 */
public final class WorkspaceService {
    private static final Logger log = LoggerFactory.getLogger(WorkspaceService.class);
    /** How often a create in progress refreshes its record at most. */
    static final java.time.Duration HEARTBEAT_EVERY = java.time.Duration.ofSeconds(5);
    private static final String PASSWORD_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    /** A stop that may take longer than this says so first. */
    static final int QUIET_STOP_SECONDS = 2;

    /** Where volumes live on a remote host (Docker makes the directories there). */
    static final String REMOTE_ROOT = "/var/lib/labhand/members";

    private final DockerHosts hosts;
    private final WorkspaceRepository repo;
    private final WorkspaceTemplates templates;
    private final LabhandConfig.Workspaces settings;
    private final String instanceId;
    private final Clock clock;
    private final MemberNames names;
    private final SecureRandom random = new SecureRandom();
    private final Object allocation = new Object();

    /** A created workspace and the plan it was created from (for the teaching command). */
    public record Created(WorkspaceRecord record, WorkspaceTemplate template, ContainerPlan plan) {}

    public WorkspaceService(DockerHosts hosts, WorkspaceRepository repo, WorkspaceTemplates templates,
                            LabhandConfig.Workspaces settings, String instanceId, Clock clock, MemberNames names) {
        this.names = names;
        this.instanceId = instanceId;
        this.hosts = hosts;
        this.repo = repo;
        this.templates = templates;
        this.settings = settings;
        this.clock = clock;
    }

    public WorkspaceTemplates templates() {
        return templates;
    }

    public DockerHosts hosts() {
        return hosts;
    }

    /** The bot's own engine. */
    public DockerEngine engine() {
        return hosts.local();
    }

    /** The engine the workspace runs on. */
    public DockerEngine engineFor(WorkspaceRecord r, Lang lang) {
        return hosts.engine(r.host(), lang);
    }

    /** The engine of a host by name ("local" or a registered host). */
    public DockerEngine engineOn(String host, Lang lang) {
        return hosts.engine(host, lang);
    }

    public java.time.Clock clock() {
        return clock;
    }

    /** This installation's id, on the label {@link Labels#INSTANCE} of every container it makes. */
    public String instanceId() {
        return instanceId;
    }

    public LabhandConfig.Workspaces settings() {
        return settings;
    }

    public WorkspaceRepository repository() {
        return repo;
    }

    /** The workspace's owner as replies name them (their display name, not their id). */
    public String ownerName(WorkspaceRecord r) {
        return names.nameOf(r.ownerId());
    }

    /**
     * Creates and starts a workspace. {@code memoryMb} and {@code cpus} have been checked against the
     * template's limits by the caller.
     */
    public Created create(Caller owner, WorkspaceTemplate t, String name, String host, long memoryMb, double cpus,
                          Progress progress) throws InterruptedException {
        return create(owner, t, name, host, memoryMb, cpus, -1, progress);
    }

    /** As above, refused when the owner already has {@code quota} workspaces ({@code -1}: no quota). */
    public Created create(Caller owner, WorkspaceTemplate t, String name, String host, long memoryMb, double cpus,
                          int quota, Progress progress) throws InterruptedException {
        Lang lang = owner.locale();
        DockerEngine engine = hosts.engine(host, lang);
        WorkspaceRecord record;
        synchronized (allocation) {
            Map<Integer, Integer> ports = settings.publishesPorts() ? allocatePorts(t, host, lang) : Map.of();
            var now = clock.instant();
            record = new WorkspaceRecord(UUID.randomUUID().toString(), name, owner.id(), t.name(), host, null,
                    Status.CREATING, ports, newSecret(t.secret()), now, now);
            switch (repo.insert(record, quota)) {
                case NAME_TAKEN -> throw new UserError(Messages.get(lang, "workspace.name-taken", "name", name));
                case OVER_QUOTA -> throw new UserError(Messages.get(lang, "workspace.quota", "max", quota));
                case DONE -> { }
            }
        }
        Failpoints.hit("create.after-record");
        ContainerPlan plan = plan(t, record, memoryMb, cpus);
        String containerId = null;
        boolean containerMayExist = false;
        String id = record.id();
        // a create keeps its record alive while it works: the reconciler clears only records gone quiet
        Heartbeat heartbeat = new Heartbeat(() -> repo.heartbeat(id), clock, HEARTBEAT_EVERY);
        try {
            ensureImage(engine, t.image(), lang, progress, heartbeat::beat);
            Failpoints.hit("create.after-image");
            if (isLocal(record)) createDirectories(plan, lang);
            Failpoints.hit("create.after-directories");
            progress.report(Messages.get(lang, "workspace.progress.creating", "name", name));
            heartbeat.beatNow();
            containerMayExist = true; // from here on, a failed or timed-out call may still have made it
            containerId = engine.create(plan);
            Failpoints.hit("create.after-container");
            record = record.withContainer(containerId);
            repo.update(record);
            Failpoints.hit("create.after-container-recorded");
            engine.start(containerId);
            Failpoints.hit("create.after-start");
            record = record.withStatus(Status.RUNNING);
            repo.update(record);
            Failpoints.hit("create.after-running-recorded");
            return new Created(record, t, plan);
        } catch (RuntimeException | InterruptedException e) {
            boolean clean = undoCreate(record, containerId, containerMayExist);
            if (!clean) {
                if (e instanceof InterruptedException) Thread.currentThread().interrupt();
                String reason = e instanceof UserError ? e.getMessage() : DockerErrors.describe(e, lang);
                throw new UserError(Messages.get(lang, "workspace.create-failed-left", "name", name,
                        "reason", reason), e);
            }
            if (e instanceof UserError || e instanceof InterruptedException) throw e;
            throw new UserError(Messages.get(lang, "workspace.create-failed", "name", name,
                    "reason", DockerErrors.describe(e, lang)), e);
        }
    }

    /** The plan for an existing record, as its template says today. */
    public ContainerPlan plan(WorkspaceTemplate t, WorkspaceRecord r, long memoryMb, double cpus) {
        Map<String, String> labels = new TreeMap<>(t.labels());
        labels.put(Labels.WORKSPACE, r.id());
        labels.put(Labels.OWNER, r.ownerId());
        labels.put(Labels.NAME, r.name());
        labels.put(Labels.TEMPLATE, t.name());
        labels.put(Labels.INSTANCE, instanceId);
        String secret = r.secret() == null ? "" : r.secret();
        Map<String, String> env = new LinkedHashMap<>();
        t.env().forEach((k, v) -> env.put(k, v.replace("{{secret}}", secret)));
        List<String> command = t.command().stream().map(a -> a.replace("{{secret}}", secret)).toList();
        Map<String, String> binds = new TreeMap<>();
        for (WorkspaceTemplate.VolumeSpec v : t.volumes()) {
            binds.put(volumeDir(r) + "/" + v.name(), v.path());
        }
        return new ContainerPlan("lh-" + r.name(), t.image(), command, env, labels,
                settings.publishesPorts() ? r.ports() : Map.of(), settings.publishAddress(), binds, memoryMb, cpus,
                t.limits().pids(), t.gpu(), settings.network(), secret, t.shutdown());
    }

    public void start(WorkspaceRecord r, Lang lang) {
        String id = requireContainer(r, lang);
        try {
            engineFor(r, lang).start(id);
        } catch (RuntimeException e) {
            throw new UserError(Messages.get(lang, "workspace.start-failed", "name", r.name(),
                    "reason", DockerErrors.describe(e, lang)), e);
        }
        repo.setStatus(r.id(), Status.RUNNING);
    }

    /**
     * Stops the workspace's container with its template's stop grace (Docker's 10 s for a template that is
     * gone); a grace longer than {@link #QUIET_STOP_SECONDS} is announced, since the member may wait that long.
     */
    public void stop(WorkspaceRecord r, Lang lang, Progress progress) {
        String id = requireContainer(r, lang);
        int grace = shutdownOf(r).graceSeconds();
        if (grace > QUIET_STOP_SECONDS) {
            progress.report(Messages.get(lang, "workspace.progress.stopping", "name", r.name(), "seconds", grace));
        }
        try {
            engineFor(r, lang).stop(id, grace);
        } catch (RuntimeException e) {
            throw new UserError(Messages.get(lang, "workspace.stop-failed", "name", r.name(),
                    "reason", DockerErrors.describe(e, lang)), e);
        }
        repo.setStatus(r.id(), Status.STOPPED);
    }

    /** How the workspace's container stops, as its template says. */
    public WorkspaceTemplate.Shutdown shutdownOf(WorkspaceRecord r) {
        return templates.find(r.template()).map(WorkspaceTemplate::shutdown)
                .orElse(WorkspaceTemplate.Shutdown.DOCKER_DEFAULT);
    }

    /** Removes the container (if any) and the record; the member's files stay. */
    public void remove(WorkspaceRecord r, Lang lang) {
        removeContainer(r, lang);
        Failpoints.hit("remove.after-container");
        repo.delete(r.id());
        Failpoints.hit("remove.after-record");
    }

    /**
     * The workspace's container, by id, or by name and label: a create may have died between making the
     * container and recording it.
     */
    public Optional<DockerEngine.ContainerState> containerOf(WorkspaceRecord r, Lang lang) {
        DockerEngine engine = engineFor(r, lang);
        Optional<DockerEngine.ContainerState> byId = r.containerId() == null ? Optional.empty()
                : engine.inspect(r.containerId());
        if (byId.isPresent()) return byId;
        return engine.inspect("lh-" + r.name()).filter(c -> r.id().equals(c.labels().get(Labels.WORKSPACE)));
    }

    /** Removes the workspace's container, if there is one; the record stays. */
    private void removeContainer(WorkspaceRecord r, Lang lang) {
        if (!isLocal(r) && hosts.gone(r.host())) return; // its VM was deleted in the cloud, and the container with it
        DockerEngine engine = engineFor(r, lang);
        // by id, and by name and label too: a create may have died between making the container and recording it
        if (r.containerId() != null) engine.remove(r.containerId());
        engine.inspect("lh-" + r.name()).filter(c -> r.id().equals(c.labels().get(Labels.WORKSPACE)))
                .ifPresent(c -> engine.remove(c.id()));
    }

    public Optional<DockerEngine.ContainerState> inspect(WorkspaceRecord r, Lang lang) {
        if (r.containerId() == null) return Optional.empty();
        Optional<DockerEngine.ContainerState> state = engineFor(r, lang).inspect(r.containerId());
        Status now = state.map(s -> s.running() ? Status.RUNNING : Status.STOPPED).orElse(Status.MISSING);
        if (r.status() != Status.CREATING && now != r.status()) repo.setStatus(r.id(), now);
        return state;
    }

    public String logs(WorkspaceRecord r, int lines, Lang lang) throws InterruptedException {
        return engineFor(r, lang).logs(requireContainer(r, lang), lines, 16_000);
    }

    /** The directory holding one workspace's volumes: {@code root/<owner>/<workspace>}. */
    public Path memberDir(WorkspaceRecord r) {
        return settings.root().toAbsolutePath().normalize().resolve(safe(r.ownerId())).resolve(r.name());
    }

    /** Where a workspace's volumes live on its host: {@link #memberDir} locally, under {@link #REMOTE_ROOT} elsewhere. */
    public String volumeDir(WorkspaceRecord r) {
        return isLocal(r) ? memberDir(r).toString() : REMOTE_ROOT + "/" + safe(r.ownerId()) + "/" + r.name();
    }

    /** The folder on a remote host holding all of a member's workspace volumes (what their account shares). */
    public static String remoteMemberDir(String memberId) {
        return REMOTE_ROOT + "/" + safe(memberId);
    }

    private static boolean isLocal(WorkspaceRecord r) {
        return r.host().equals(DockerHosts.LOCAL);
    }

    /** The host name to put in connection URLs. */
    public String publicHost() {
        String a = settings.publishAddress();
        return a.equals("0.0.0.0") ? "localhost" : a;
    }

    /** Pulls an image if it is not on the engine yet, with progress. */
    public void ensureImage(DockerEngine engine, String image, Lang lang, Progress progress) throws InterruptedException {
        ensureImage(engine, image, lang, progress, () -> {});
    }

    /** As above; {@code onItem} runs on every message of the pull (a create's heartbeat). */
    private void ensureImage(DockerEngine engine, String image, Lang lang, Progress progress, Runnable onItem)
            throws InterruptedException {
        if (!engine.hasImage(image)) pull(engine, image, lang, progress, onItem);
    }

    /** Pulls an image (again, for a moving tag), folding Docker's layer messages into progress lines. */
    public void pull(DockerEngine engine, String image, Lang lang, Progress progress) throws InterruptedException {
        pull(engine, image, lang, progress, () -> {});
    }

    private void pull(DockerEngine engine, String image, Lang lang, Progress progress, Runnable onItem)
            throws InterruptedException {
        progress.report(Messages.get(lang, "image.progress.start", "image", image));
        PullProgress tracker = new PullProgress(lang, progress);
        try {
            engine.pull(image, item -> {
                tracker.accept(item);
                onItem.run();
            });
        } catch (RuntimeException e) {
            throw new UserError(Messages.get(lang, "image.pull-failed", "image", image,
                    "reason", DockerErrors.describe(e, lang)), e);
        }
        tracker.finish(image);
    }

    private String requireContainer(WorkspaceRecord r, Lang lang) {
        if (r.containerId() == null || engineFor(r, lang).inspect(r.containerId()).isEmpty()) {
            repo.setStatus(r.id(), Status.MISSING);
            throw new UserError(Messages.get(lang, "workspace.container-missing", "name", r.name()));
        }
        return r.containerId();
    }

    /**
     * Undoes a failed create. Before the container could exist, the record goes whatever the engine says
     * (the name and the quota are free again). After, the container is removed first; if the engine cannot
     * be asked, the record stays, marked FAILED, since a container may exist: false then.
     */
    private boolean undoCreate(WorkspaceRecord record, String containerId, boolean containerMayExist) {
        if (containerMayExist) {
            try {
                removeContainer(record.withContainer(containerId), Lang.EN);
            } catch (RuntimeException cleanup) {
                log.error("could not remove what a failed create of {} may have made; its record stays, FAILED, "
                        + "for the reconciler or a remove", record.name(), cleanup);
                repo.update(record.withContainer(containerId).withStatus(Status.FAILED));
                return false;
            }
        }
        repo.delete(record.id());
        return true;
    }

    private void createDirectories(ContainerPlan plan, Lang lang) {
        for (String dir : plan.binds().keySet()) {
            try {
                Files.createDirectories(Path.of(dir));
            } catch (IOException e) {
                throw new UserError(Messages.get(lang, "workspace.volume-failed", "path", dir), e);
            }
        }
    }

    /** Host ports free on {@code host}: not held by another workspace there (and, locally, bindable now). */
    private Map<Integer, Integer> allocatePorts(WorkspaceTemplate t, String host, Lang lang) {
        Set<Integer> used = new HashSet<>();
        repo.all().stream().filter(r -> r.host().equals(host)).forEach(r -> used.addAll(r.ports().values()));
        boolean local = host.equals(DockerHosts.LOCAL);
        Map<Integer, Integer> out = new TreeMap<>();
        int candidate = settings.portMin();
        for (WorkspaceTemplate.PortSpec p : t.ports()) {
            while (candidate <= settings.portMax() && (used.contains(candidate) || (local && !bindable(candidate)))) {
                candidate++;
            }
            if (candidate > settings.portMax()) {
                throw new UserError(Messages.get(lang, "workspace.no-ports", "min", settings.portMin(),
                        "max", settings.portMax()));
            }
            out.put(p.port(), candidate++);
        }
        return out;
    }

    private boolean bindable(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName(settings.publishAddress()))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private String newSecret(WorkspaceTemplate.SecretKind kind) {
        return switch (kind) {
            case NONE -> null;
            case TOKEN -> {
                byte[] b = new byte[24];
                random.nextBytes(b);
                yield HexFormat.of().formatHex(b);
            }
            case PASSWORD -> {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < 20; i++) sb.append(PASSWORD_ALPHABET.charAt(random.nextInt(PASSWORD_ALPHABET.length())));
                yield sb.toString();
            }
        };
    }

    /** Member ids become directory names: keep only safe characters. */
    static String safe(String id) {
        return dev.labhand.tool.MemberIds.folder(id);
    }
}
