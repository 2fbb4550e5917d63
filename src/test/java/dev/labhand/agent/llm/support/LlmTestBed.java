package dev.labhand.agent.llm.support;

import dev.labhand.agent.llm.LlmLanguageLayer;
import dev.labhand.agent.llm.ModelProviders;
import dev.labhand.agent.llm.Prompts;
import dev.labhand.agent.llm.SqliteChatMemoryStore;
import dev.labhand.agent.llm.TokenUsageRepository;
import dev.labhand.ask.AskTool;
import dev.labhand.ask.KnowledgeBase;
import dev.labhand.ask.KnowledgeIndex;
import dev.labhand.audit.AuditLog;
import dev.labhand.audit.AuditRow;
import dev.labhand.config.LabhandConfig;
import dev.labhand.store.ConfirmationRepository;
import dev.labhand.store.Database;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Invocation;
import dev.labhand.tool.Outcome;
import dev.labhand.tool.Param;
import dev.labhand.tool.Risk;
import dev.labhand.tool.Role;
import dev.labhand.tool.Tool;
import dev.labhand.tool.ToolCatalog;
import dev.labhand.tool.ToolGateway;
import dev.labhand.tool.ToolSpec;
import dev.langchain4j.model.chat.ChatModel;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * A real gateway on a real SQLite file (audit, confirmations), with small tools shaped like the real
 * ones that count how often they really ran, the real {@code ask.course} on the real course notes, plus the
 * LLM layer's stores. No Docker needed.
 */
public final class LlmTestBed implements AutoCloseable {
    /** The token the create tool hands out; it must never reach a model. */
    public static final String CANARY = "lh-canary-9f2c71d4e8b3a605";

    public final Database db;
    public final AuditLog audit;
    public final ToolGateway gateway;
    public final SqliteChatMemoryStore memory;
    public final TokenUsageRepository usage;
    public final Prompts prompts;
    public final Clock clock = Clock.fixed(Instant.parse("2026-11-28T10:00:00Z"), ZoneOffset.UTC);
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    private final Map<String, String> owners = new ConcurrentHashMap<>(Map.of("alice-ws", "alice", "bob-ws", "bob"));

    public final Caller alice = new Caller("alice", "Alice", Role.LEARNER, Caller.Lang.EN, "chan-1");
    public final Caller minji = new Caller("minji", "민지", Role.LEARNER, Caller.Lang.KO, "chan-1");
    public final Caller ines = new Caller("ines", "Ines", Role.INSTRUCTOR, Caller.Lang.EN, "chan-1");

    /** Docker image references: registry/name:tag, nothing else. */
    public static final Pattern IMAGE = Pattern.compile("[a-z0-9]+(?:[./-][a-z0-9]+)*:[a-z0-9][a-z0-9._-]{0,40}");

    public LlmTestBed(Path dir) {
        db = Database.open(dir.resolve("llm.db"));
        audit = new AuditLog(db);
        owners.put("minji-ws", "minji");
        ToolCatalog catalog = new ToolCatalog()
                .register(tool(ToolSpec.of("workspace.create", Risk.CHANGE, Role.LEARNER,
                                Param.string("name", Param.NAME),
                                Param.choice("template", List.of("python-gpu", "r-cpu", "pyspark")).optional("python-gpu"))
                                .answeredPrivately(),
                        call -> new Outcome.Done("Workspace " + call.args().get("name") + " is running. Jupyter: "
                                + "http://127.0.0.1:20001/lab?token=" + CANARY,
                                "docker run -d --gpus all -p 127.0.0.1:20001:8888 --name lh-" + call.args().get("name")
                                        + " kaggle/python-gpu", true)))
                .register(tool(ToolSpec.of("workspace.list", Risk.READ, Role.LEARNER).answeredPrivately(),
                        call -> Outcome.Done.of("alice-ws (running, python-gpu)", "docker ps --filter label=owner="
                                + call.caller().id())))
                .register(tool(ToolSpec.of("workspace.stop", Risk.CHANGE, Role.LEARNER, Param.workspace("name")),
                        call -> Outcome.Done.of("Stopped " + call.args().get("name") + ".",
                                "docker stop lh-" + call.args().get("name"))))
                .register(tool(ToolSpec.of("workspace.remove", Risk.DESTRUCTIVE, Role.LEARNER, Param.workspace("name")),
                        call -> Outcome.Done.of("Removed " + call.args().get("name") + ".",
                                "docker rm -f lh-" + call.args().get("name"))))
                .register(tool(ToolSpec.of("image.pull", Risk.CHANGE, Role.LEARNER, Param.string("image", IMAGE)),
                        call -> Outcome.Done.of("Pulled " + call.args().get("image") + ".",
                                "docker pull " + call.args().get("image"))))
                .register(new AskTool(knowledge(), "https://course.example/notes/"))
                .register(tool(ToolSpec.of("audit.list", Risk.READ, Role.INSTRUCTOR,
                                Param.integer("limit", 1, 100).optional("20")),
                        call -> Outcome.Done.of("audit rows: ...", null)));
        gateway = new ToolGateway(catalog, (kind, name) -> Optional.ofNullable(owners.get(name)),
                new ConfirmationRepository(db), audit, threads, clock, Duration.ofMinutes(5), Duration.ZERO);
        memory = new SqliteChatMemoryStore(db, clock);
        usage = new TokenUsageRepository(db);
        prompts = Prompts.load(Path.of("prompts"));
    }

    private static KnowledgeIndex knowledge;

    /** The real course notes, indexed once for every test bed (Nori's dictionaries take a second to load). */
    private static synchronized KnowledgeIndex knowledge() {
        if (knowledge == null) knowledge = KnowledgeIndex.build(KnowledgeBase.load(KnowledgeBase.DEFAULT_DIR));
        return knowledge;
    }

    /** How often a tool really ran (not asked, not refused: ran). */
    public int runs(String tool) {
        AtomicInteger n = runs.get(tool);
        return n == null ? 0 : n.get();
    }

    public int totalRuns() {
        return runs.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** One row per call, newest first: each call's outcome (a call that acted also has a "started" row ahead of it). */
    public List<AuditRow> auditRows() {
        return audit.list(null, null, 10_000).stream().filter(r -> !r.outcome().equals(AuditRow.STARTED)).toList();
    }

    public static LabhandConfig.Llm config(String provider, String baseUrl, int maxToolCalls) {
        String model = provider.equals("anthropic") ? FakeAnthropic.MODEL : FakeOpenAi.MODEL;
        return new LabhandConfig.Llm(provider, baseUrl, model, "sk-test-not-a-real-key", 0.0,
                Duration.ofSeconds(20), maxToolCalls, 20);
    }

    public LlmLanguageLayer layer(LabhandConfig.Llm llm) {
        return layer(llm, ModelProviders.chatModel(llm));
    }

    /** The layer against {@code fake}; Azure's client gets the loopback rewrite it needs. */
    public LlmLanguageLayer layer(LabhandConfig.Llm llm, ScriptedModelServer fake) {
        return layer(llm, fake instanceof FakeAzureOpenAi azure
                ? ModelProviders.azureOpenAi(llm, azure.rewritingClient()) : ModelProviders.chatModel(llm));
    }

    private LlmLanguageLayer layer(LabhandConfig.Llm llm, ChatModel model) {
        return new LlmLanguageLayer(model, ModelProviders.modelName(llm), gateway, memory, usage, prompts, llm, clock,
                ZoneId.of("Asia/Seoul"));
    }

    private Tool tool(ToolSpec spec, ToolBody body) {
        return new Tool() {
            public ToolSpec spec() {
                return spec;
            }

            public Outcome run(Invocation call) throws Exception {
                runs.computeIfAbsent(spec.name(), k -> new AtomicInteger()).incrementAndGet();
                return body.run(call);
            }
        };
    }

    @FunctionalInterface
    private interface ToolBody {
        Outcome run(Invocation call) throws Exception;
    }

    @Override
    public void close() {
        threads.shutdownNow();
        db.close();
    }
}
