package dev.labhand;

import dev.labhand.agent.llm.LlmLanguageLayer;
import dev.labhand.agent.router.Known;
import dev.labhand.agent.router.OfflineRouter;
import dev.labhand.agent.router.RouterLanguageLayer;
import dev.labhand.ask.AskTool;
import dev.labhand.ask.KnowledgeBase;
import dev.labhand.ask.KnowledgeIndex;
import dev.labhand.audit.AuditListTool;
import dev.labhand.audit.AuditLog;
import dev.labhand.audit.AuditSeal;
import dev.labhand.audit.AuditVerifyTool;
import dev.labhand.chat.ChatService;
import dev.labhand.chat.Notices;
import dev.labhand.chat.Suggestions;
import dev.labhand.config.LabhandConfig;
import dev.labhand.diag.CheckWorkspaceTool;
import dev.labhand.diag.DeclaredTool;
import dev.labhand.diag.DiagnosticTool;
import dev.labhand.diag.HostRunner;
import dev.labhand.diag.ToolsetLoader;
import dev.labhand.store.ConfirmationRepository;
import dev.labhand.store.CooldownRepository;
import dev.labhand.store.KeyFolder;
import dev.labhand.store.SecretBox;
import dev.labhand.store.Database;
import dev.labhand.store.HostHealthRepository;
import dev.labhand.store.HostRepository;
import dev.labhand.store.InstanceRepository;
import dev.labhand.store.LeaseRepository;
import dev.labhand.store.StoreOwners;
import dev.labhand.store.MemberRepository;
import dev.labhand.store.WorkspaceRepository;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Role;
import dev.labhand.tool.Tool;
import dev.labhand.tool.ToolCatalog;
import dev.labhand.tool.ToolGateway;
import dev.labhand.workspace.ConnectWorkspaceTool;
import dev.labhand.workspace.CreateWorkspaceTool;
import dev.labhand.workspace.DockerEngine;
import dev.labhand.workspace.DockerHosts;
import dev.labhand.workspace.InterruptedWork;
import dev.labhand.workspace.ListImagesTool;
import dev.labhand.workspace.ListWorkspacesTool;
import dev.labhand.workspace.PullImageTool;
import dev.labhand.workspace.Reconciler;
import dev.labhand.workspace.RemoveWorkspaceTool;
import dev.labhand.workspace.RestartWorkspaceTool;
import dev.labhand.workspace.StartWorkspaceTool;
import dev.labhand.workspace.StopWorkspaceTool;
import dev.labhand.workspace.WorkspaceLogsTool;
import dev.labhand.workspace.WorkspaceService;
import dev.labhand.workspace.WorkspaceStatusTool;
import dev.labhand.workspace.WorkspaceTemplates;
import dev.labhand.util.DaemonThreads;
import dev.labhand.vm.AddHostTool;
import dev.labhand.vm.AssignHostTool;
import dev.labhand.vm.CloudCatalog;
import dev.labhand.vm.CloudInit;
import dev.labhand.vm.CreateVmTool;
import dev.labhand.vm.DeleteVmTool;
import dev.labhand.vm.HostHealth;
import dev.labhand.vm.HostListTool;
import dev.labhand.vm.HostStatusTool;
import dev.labhand.vm.IdleWatcher;
import dev.labhand.vm.ListVmsTool;
import dev.labhand.vm.RemoteHosts;
import dev.labhand.vm.RemoveHostTool;
import dev.labhand.vm.StartVmTool;
import dev.labhand.vm.StopVmTool;
import dev.labhand.vm.VmCostTool;
import dev.labhand.vm.VmKeys;
import dev.labhand.vm.VmProviders;
import dev.labhand.vm.VmService;
import dev.labhand.vm.VmStatusTool;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * Everything Labhand is made of, wired in one place: "what does this bot do" is this file.
 * A new tool is one line in {@link #tools}.
 */
public final class Wiring implements AutoCloseable {
    public final LabhandConfig config;
    public final Database db;
    public final AuditLog audit;
    public final MemberRepository members;
    public final WorkspaceRepository workspaces;
    public final HostRepository hosts;
    /** This installation's id, stamped on its containers (label labhand.instance). */
    public final String instanceId;
    public final Notices notices;
    public final DockerEngine docker;
    public final RemoteHosts remoteHosts;
    public final WorkspaceService workspaceService;
    public final Reconciler reconciler;
    public final VmService vms;
    public final IdleWatcher idleWatcher;
    /** Stops workspaces nobody uses, after warning their owners (templates' idle: policy). */
    public final dev.labhand.workspace.idle.IdleCuller idleCuller;
    /** Runs the class warm-ups instructors scheduled (class.prepare), read back from the database. */
    public final dev.labhand.ops.warmup.ClassWarmUp classWarmUp;
    public final ToolGateway gateway;
    public final ChatService chat;
    public final Suggestions suggestions;
    /** The instructor's desk: the question queue and its notices. */
    public final dev.labhand.desk.Desk desk;
    /** The storage locations of the configuration; storage tools check every path against them. */
    public final dev.labhand.storage.StorageCatalog storage;
    /** Running a class: the cost ledger, budgets (the gateway's policy), meters and the operations endpoint. */
    public final dev.labhand.ops.Operations operations;
    /** Team accounts on hosts, and offboarding. */
    public final dev.labhand.host.account.Accounts accounts;
    /** ADLS Gen2: member ACLs (what account.revoke calls: adls.access().revokeEverywhere), setup, listing. */
    public final dev.labhand.storage.adls.Adls adls;
    /** How often a long-lived process compares its engine with the store (after the pass at start-up). */
    static final java.time.Duration RECONCILE_EVERY = java.time.Duration.ofMinutes(5);
    /** How often each running remote host is probed (connect and docker version, 10 s at most). */
    static final java.time.Duration PROBE_EVERY = java.time.Duration.ofSeconds(30);
    /** How often running workspaces are checked for use (templates with an idle: policy). */
    static final java.time.Duration IDLE_CHECK_EVERY = java.time.Duration.ofMinutes(1);
    private final ExecutorService toolThreads;
    private final ScheduledExecutorService background =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("vm-watch-"));

    public Wiring(LabhandConfig config, Function<String, String> env, Clock clock) {
        this(config, env, clock, VmProviders.fromConfig(config.vm()));
    }

    /** With the cloud providers given (tests give ones pointed at loopback fakes). */
    public Wiring(LabhandConfig config, Function<String, String> env, Clock clock, VmProviders providers) {
        this.config = config;
        // state
        this.db = Database.open(config.database());
        this.audit = openAudit(config, db, clock);
        this.members = new MemberRepository(db, clock);
        this.workspaces = new WorkspaceRepository(db, clock, SecretBox.in(new KeyFolder(config.keysDir())));
        this.hosts = new HostRepository(db, clock);
        this.instanceId = new InstanceRepository(db, clock).id();
        LeaseRepository leases = new LeaseRepository(db, clock);
        this.notices = new Notices(members, Caller.Lang.parse(config.defaultLocale()));
        // workspaces on the local Docker engine
        WorkspaceTemplates templates = WorkspaceTemplates.load(config.workspaces(), env);
        this.docker = new DockerEngine(config.docker().host(), config.docker().timeout());
        // a remote host's engine is compared with the store on first contact; its containers are never adopted
        this.remoteHosts = new RemoteHosts(docker, hosts, providers, VmKeys.load(config.vm().sshKey()),
                config.docker().timeout(),
                (host, engine) -> new Reconciler(engine, host, workspaces, leases, instanceId, clock, false, audit, notices),
                new HostHealthRepository(db), clock);
        this.workspaceService = new WorkspaceService(remoteHosts, workspaces, templates, config.workspaces(),
                instanceId, clock, members);
        this.reconciler = new Reconciler(docker, workspaces, leases, instanceId, clock,
                config.workspaces().adoptUnknown(), audit, notices);
        // cloud VMs and the hosts workspaces may run on
        this.vms = new VmService(providers, hosts, workspaces, notices, remoteHosts, clock, members);
        // the tool layer
        this.toolThreads = Executors.newCachedThreadPool(DaemonThreads.named("tool-"));
        this.storage = dev.labhand.storage.StorageCatalog.from(config.storage());
        this.adls = dev.labhand.storage.adls.Adls.create(config, storage, env, members, members::learnerIds);
        this.desk = new dev.labhand.desk.Desk(db, workspaceService, hosts, audit, notices, clock,
                Caller.Lang.parse(config.defaultLocale()));
        this.accounts = new dev.labhand.host.account.Accounts(db, hosts, workspaces, remoteHosts, members, audit,
                storageRevoker(adls, storage), notices, config.accounts(), clock);
        this.operations = new dev.labhand.ops.Operations(config, db, hosts, workspaces, CloudCatalog.load(config.vm().clouds(), env),
                docker, notices, members, clock);
        dev.labhand.ops.DeskMetrics.register(operations.meters(), desk);
        desk.describeMembersWith(accounts::overview);
        desk.describeMembersWith(operations.budgets()::overview);
        this.gateway = new ToolGateway(catalog(env), new StoreOwners(workspaces, hosts), new ConfirmationRepository(db),
                operations.metrics().timed(audit), toolThreads, clock, config.confirmationTtl(), config.cooldown(),
                new CooldownRepository(db));
        // step 4 of every call: budgets; and every call's outcome and latency counted
        gateway.usePolicy(operations.budgets());
        gateway.observeCalls(operations.metrics());
        accounts.useGateway(gateway);
        this.idleWatcher = new IdleWatcher(vms, gateway, config.vm(), clock);
        this.idleCuller = new dev.labhand.workspace.idle.IdleCuller(workspaceService,
                new dev.labhand.workspace.idle.IdleRecords(db), gateway, notices);
        this.classWarmUp = new dev.labhand.ops.warmup.ClassWarmUp(new dev.labhand.ops.warmup.ClassWarmups(db),
                workspaceService, vms, gateway, notices);
        // front-end neutral chat
        this.chat = new ChatService(gateway, members);
        // the language layer: an LLM when one is configured, else the offline router
        chat.useLanguageLayer(config.llm().enabled()
                ? LlmLanguageLayer.create(config, gateway, db, clock)
                : new RouterLanguageLayer(new OfflineRouter(gateway.catalog(), this::knownHosts), gateway,
                        caller -> workspaces.visibleTo(caller.id(), caller.role().atLeast(Role.INSTRUCTOR))));
        this.suggestions = new Suggestions(gateway.catalog(), workspaces, hosts);
        if (!config.llm().enabled()) {
            // the router's model trains from its labelled sentences; begun now, it is ready before the first sentence
            Thread training = new Thread(OfflineRouter::warmUp, "router-training");
            training.setDaemon(true);
            training.start();
        }
    }

    /** The one meter registry (Prometheus): add a metric with {@code meters().counter(...)} and it is on /metrics. */
    public io.micrometer.core.instrument.MeterRegistry meters() {
        return operations.meters();
    }

    /** The VMs and Docker hosts by type, for the offline router to find in sentences ("local" is no name said). */
    private List<Known.Entity> knownHosts() {
        return hosts.all().stream().filter(h -> !h.name().equals(dev.labhand.store.HostRecord.LOCAL))
                .map(h -> new Known.Entity(h.name(), h.isVm() ? Known.Kind.VM : Known.Kind.HOST, h.provider(), true))
                .toList();
    }

    /**
     * The real catalog without a database, a Docker connection or a cloud account (the engine connects lazily and
     * nothing here runs a tool): what the router's evaluation and the message-bundle checks read.
     */
    public static ToolCatalog offlineCatalog(java.nio.file.Path toolsDir, java.nio.file.Path templatesDir) {
        var env = LabhandConfig.env(java.util.Map.of());
        var config = LabhandConfig.defaults();
        Clock clock = Clock.systemUTC();
        var service = new WorkspaceService(DockerHosts.localOnly(new DockerEngine("unix:///nonexistent.sock",
                java.time.Duration.ofSeconds(1))), null, WorkspaceTemplates.load(templatesDir, env), config.workspaces(),
                "offline-catalog", clock, dev.labhand.tool.MemberNames.IDS);
        var vms = new VmService(new VmProviders(List.of()), new HostRepository(null, clock), null,
                dev.labhand.tool.Notifier.NONE, service.hosts(), clock, dev.labhand.tool.MemberNames.IDS);
        ToolCatalog catalog = new ToolCatalog();
        CloudCatalog clouds = CloudCatalog.load(java.nio.file.Path.of("config/clouds"), env);
        tools(service, vms, clouds, new AuditLog(null), config,
                ToolsetLoader.load(toolsDir.resolve("diagnostics"), env)).forEach(catalog::register);
        new dev.labhand.ops.Operations(config, null, new HostRepository(null, clock), null, clouds, null,
                dev.labhand.tool.Notifier.NONE, dev.labhand.tool.MemberNames.IDS, clock).tools().forEach(catalog::register);
        new dev.labhand.host.account.Accounts(null, new HostRepository(null, clock), null, service.hosts(),
                dev.labhand.tool.MemberNames.IDS, null, dev.labhand.host.account.StorageAccessRevoker.NOTHING_YET,
                dev.labhand.tool.Notifier.NONE, config.accounts(), clock).tools().forEach(catalog::register);
        imageTools(service, config, env).forEach(catalog::register);
        var lake = dev.labhand.storage.adls.Adls.create(config, dev.labhand.storage.StorageCatalog.from(config.storage()), env,
                dev.labhand.tool.MemberNames.IDS, List::of);
        dev.labhand.storage.StorageTools.of(config, service, lake.backend(Caller.Lang.parse(config.defaultLocale())))
                .forEach(catalog::register);
        lake.tools().forEach(catalog::register);
        return catalog;
    }

    /** The audit log, sealed with the key in the key folder (made on first run). */
    public static AuditLog openAudit(LabhandConfig config, Database db, Clock clock) {
        AuditSeal seal = AuditSeal.forWriting(new KeyFolder(config.keysDir()), config.checkpointFile());
        return new AuditLog(db, seal, config.audit().everyRows(), config.audit().every(), clock);
    }

    /**
     * Records "interrupted" for calls a crashed process started and never finished: each is resolved once its
     * tool's timeout has passed, so a call still running in another process is left alone.
     */
    public List<dev.labhand.audit.AuditRow> resolveInterruptedCalls() {
        InterruptedWork work = new InterruptedWork(workspaceService);
        return audit.resolveInterrupted(tool -> gateway.catalog().find(tool).map(t -> t.spec().timeout())
                .orElse(java.time.Duration.ofMinutes(30)), r -> work.settle(r.tool(), r.args()), "system");
    }

    private ToolCatalog catalog(Function<String, String> env) {
        ToolCatalog catalog = new ToolCatalog();
        List<DeclaredTool> declared = ToolsetLoader.load(config.toolsDir().resolve("diagnostics"), env);
        CloudCatalog clouds = CloudCatalog.load(config.vm().clouds(), env);
        List<Tool> tools = tools(workspaceService, vms, clouds, audit, config, declared);
        tools.forEach(catalog::register);
        // budgets: what has been spent, and an instructor's grant
        operations.tools().forEach(catalog::register);
        // team accounts on hosts: keys, grant, connect, revoke, list
        accounts.tools().forEach(catalog::register);
        imageTools(workspaceService, config, env).forEach(catalog::register);
        // ADLS Gen2 access control and the Module 11 setup
        // cloud storage: the locations of storage.locations, listed and synced (S3; ADLS Gen2 listed)
        dev.labhand.storage.StorageTools.of(config, workspaceService, adls.backend(Caller.Lang.parse(config.defaultLocale())))
                .forEach(catalog::register);
        adls.tools().forEach(catalog::register);
        // the instructor's desk: questions the notes have nothing on are queued; its tools search the same notes
        tools.stream().filter(AskTool.class::isInstance).map(AskTool.class::cast).findFirst().ifPresent(ask ->
                desk.tools(ask.whenNothingFound(desk::queueUnanswered).index(), config.courseNotesUrl())
                        .forEach(catalog::register));
        return catalog;
    }

    /**
     * What {@code account.revoke} calls for a leaving member's storage: with ADLS locations, their ACL entries are
     * removed everywhere (a line per location); S3 has no per-member grants to take back (access is by prefix in the
     * gateway, which ends with the member's role). With no ADLS location, it says what is left to check by hand.
     */
    private static dev.labhand.host.account.StorageAccessRevoker storageRevoker(dev.labhand.storage.adls.Adls adls,
                                                                               dev.labhand.storage.StorageCatalog storage) {
        boolean lake = storage.names().stream().anyMatch(n -> storage.find(n).orElseThrow().kind()
                == dev.labhand.storage.StorageLocation.Kind.ADLS);
        if (!lake) return dev.labhand.host.account.StorageAccessRevoker.NOTHING_YET;
        return (host, memberId, lang) -> String.join("\n", adls.access().revokeEverywhere(memberId, lang).stream()
                .map(dev.labhand.storage.adls.AdlsAccessControl.Revoked::text).toList());
    }

    /** Every tool Labhand offers, in the order help lists them. */
    public static List<Tool> tools(WorkspaceService workspaceService, VmService vms, CloudCatalog clouds, AuditLog audit,
                                   LabhandConfig config, List<DeclaredTool> declaredDiagnostics) {
        CheckWorkspaceTool checkup = new CheckWorkspaceTool(workspaceService);
        HostHealth health = new HostHealth(workspaceService.hosts());
        List<Tool> tools = new ArrayList<>(List.of(
                // workspace lifecycle
                new CreateWorkspaceTool(workspaceService, config.workspaces().maxPerLearner(), config.courseNotesUrl()),
                new ListWorkspacesTool(workspaceService),
                new WorkspaceStatusTool(workspaceService),
                new StartWorkspaceTool(workspaceService),
                new StopWorkspaceTool(workspaceService),
                new RestartWorkspaceTool(workspaceService),
                new RemoveWorkspaceTool(workspaceService),
                new WorkspaceLogsTool(workspaceService),
                new ConnectWorkspaceTool(workspaceService),
                new dev.labhand.workspace.idle.KeepWorkspaceTool(workspaceService),
                // images
                new ListImagesTool(workspaceService),
                new PullImageTool(workspaceService),
                // cloud VMs (Azure, AWS) as course Docker hosts
                new CreateVmTool(vms, clouds, CloudInit.load(config.toolsDir()), config.vm(), VmKeys.load(config.vm().sshKey())),
                new ListVmsTool(vms),
                new VmStatusTool(vms, health),
                new StartVmTool(vms),
                new StopVmTool(vms, false),
                new StopVmTool(vms, true),
                new DeleteVmTool(vms),
                new VmCostTool(clouds),
                // Docker hosts and who may use them
                new HostListTool(vms),
                new HostStatusTool(vms, health),
                new AddHostTool(vms, health, config.vm().adminUser()),
                new AssignHostTool(vms, true),
                new AssignHostTool(vms, false),
                new RemoveHostTool(vms),
                // running a class: warm-up before a lecture, everything stopped after
                new dev.labhand.ops.warmup.PrepareClassTool(workspaceService, vms),
                new dev.labhand.ops.warmup.EndClassTool(workspaceService, vms),
                // the audit log
                new AuditListTool(audit),
                new AuditVerifyTool(audit),
                // diagnostics: the checkup, then every declared toolset (tools/diagnostics/*.yaml)
                checkup,
                // course questions, answered offline from tools/knowledge/*.md; a named workspace gets its checkup
                new AskTool(KnowledgeIndex.buildInBackground(KnowledgeBase.load(config.toolsDir().resolve("knowledge"))),
                        config.courseNotesUrl(), (call, workspace) -> checkup.reportFor(workspace, call.lang()))));
        HostRunner local = new HostRunner();
        DockerHosts engines = workspaceService.hosts();
        declaredDiagnostics.forEach(d -> tools.add(new DiagnosticTool(d, workspaceService,
                (host, lang) -> host.equals(DockerHosts.LOCAL) ? local : engines.commands(host, lang))));
        return tools;
    }

    /** The course-image tools (tools/images/*; registries from images.registries, credentials from {@code env}). */
    public static List<Tool> imageTools(WorkspaceService workspaceService, LabhandConfig config, Function<String, String> env) {
        var images = new dev.labhand.image.ImageService(
                dev.labhand.image.CourseImages.load(config.toolsDir().resolve("images")), workspaceService, config.images(), env);
        return List.of(
                new dev.labhand.image.CourseImagesTool(images),
                new dev.labhand.image.BuildImageTool(images),
                new dev.labhand.image.TagImageTool(images),
                new dev.labhand.image.PushImageTool(images),
                new dev.labhand.image.ImageHistoryTool(images),
                new dev.labhand.image.RemoveImageTool(images),
                new dev.labhand.image.PruneImagesTool(images));
    }

    /**
     * Starts what runs on its own in a long-lived bot or console: the VM state and idle checks, audit
     * checkpoints and interrupted calls, host probes, and the reconciler.
     */
    public void startBackgroundWork() {
        every(config.vm().checkEvery(), "VM check", idleWatcher::tick);
        // a warm-up that fell due while the bot was down runs on the first minute's tick
        every(IDLE_CHECK_EVERY, "class warm-up", classWarmUp::tick);
        every(IDLE_CHECK_EVERY, "idle workspace check", () -> {
            try {
                idleCuller.tick();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        every(config.audit().every(), "audit checkpoint", () -> {
            audit.seal();
            resolveInterruptedCalls();
        });
        // a host that stops answering is known within a probe, and calls to it fail at once until it answers
        every(PROBE_EVERY, "probing hosts", remoteHosts::probeAll);
        // the cost ledger: at start (a restart accrues the time since the last tick, once), then every tick
        background.execute(operations::accrue);
        every(config.budgets().tick(), "cost ledger", operations::accrue);
        try {
            int port = operations.serve();
            if (port > 0) org.slf4j.LoggerFactory.getLogger(Wiring.class).info("operations endpoint on {}:{} (/metrics, /healthz)",
                    config.operations().httpBind().replaceFirst(":\\d+$", ""), port);
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(Wiring.class).warn("operations endpoint not started: {}", e.getMessage());
        }
        // members who left the course lose their accounts even when the platform does not say so as it happens
        if (!config.accounts().rosterCheck().isZero()) {
            every(config.accounts().rosterCheck(), "checking the course roster", accounts::checkRoster);
        }
        // a create that died or failed while the engine was away is settled without waiting for a restart
        every(RECONCILE_EVERY, "reconciling the engines", () -> {
            reconciler.run();
            // remote hosts are reconciled on contact; one holding a failed or dead create is also looked at now
            workspaces.hostsWithUnfinishedCreates(DockerHosts.LOCAL).forEach(remoteHosts::reconcile);
        });
    }

    /** Runs {@code task} every {@code period} on the background thread; a failure is logged and the next run comes. */
    private void every(java.time.Duration period, String what, Runnable task) {
        long seconds = period.toSeconds();
        background.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(Wiring.class).warn("{} failed: {}", what, e.toString(), e);
            }
        }, seconds, seconds, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        background.shutdownNow();
        idleCuller.close();
        operations.close();
        toolThreads.shutdownNow();
        remoteHosts.close();
        audit.close();
        try {
            docker.close();
        } catch (java.io.IOException ignored) {
            // closing on the way out
        }
        db.close();
    }
}
