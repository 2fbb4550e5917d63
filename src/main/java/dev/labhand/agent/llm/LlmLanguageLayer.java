package dev.labhand.agent.llm;

import dev.labhand.chat.LanguageLayer;
import dev.labhand.chat.Reply;
import dev.labhand.config.LabhandConfig;
import dev.labhand.store.Database;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Origin;
import dev.labhand.tool.Progress;
import dev.labhand.tool.Redactor;
import dev.labhand.tool.Tool;
import dev.labhand.tool.ToolGateway;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.tool.ToolErrorHandlerResult;
import dev.langchain4j.service.tool.ToolExecutor;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The language layer backed by an LLM (langchain4j). Each message is one {@link LlmTurn}: an AI service
 * is assembled for it with the system prompt in the member's language, the member's chat memory
 * (SQLite, a window of {@code memoryMessages}) and the catalog tools the member's role allows, each
 * executed through the gateway as the platform's caller with origin {@code llm}. There is no confirm
 * tool: risky tools come back to the member as the same confirmation a slash command gives.
 */
public final class LlmLanguageLayer implements LanguageLayer {
    private static final Logger log = LoggerFactory.getLogger(LlmLanguageLayer.class);

    /**
     * The one conversation role: a member talking to the course assistant. The message is the method's only
     * parameter, a {@link TextContent} with no annotation, which langchain4j makes the user message as is,
     * once. (A {@code @UserMessage String} would be rendered as a prompt template, braces in a member's text
     * filled in; a {@code @UserMessage TextContent} was added twice, so every message reached the model, and
     * the memory, as two identical text parts.) The conversation is fixed when the service is built for the
     * turn, so no {@code @MemoryId} parameter is needed.
     */
    interface Assistant {
        String chat(TextContent message);
    }

    private final ChatModel model;
    private final String modelName;
    private final ToolGateway gateway;
    private final SqliteChatMemoryStore memory;
    private final TokenUsageRepository usage;
    private final Prompts prompts;
    private final LabhandConfig.Llm config;
    private final Clock clock;
    private final ZoneId zone;
    private final Map<SqliteChatMemoryStore.Key, Object> conversationLocks = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    public LlmLanguageLayer(ChatModel model, String modelName, ToolGateway gateway, SqliteChatMemoryStore memory,
                            TokenUsageRepository usage, Prompts prompts, LabhandConfig.Llm config, Clock clock,
                            ZoneId zone) {
        this.model = model;
        this.modelName = modelName;
        this.gateway = gateway;
        this.memory = memory;
        this.usage = usage;
        this.prompts = prompts;
        this.config = config;
        this.clock = clock;
        this.zone = zone;
    }

    /** The layer as Labhand runs it: the configured provider, prompts from {@code prompts/}, state in {@code db}. */
    public static LlmLanguageLayer create(LabhandConfig config, ToolGateway gateway, Database db, Clock clock) {
        LabhandConfig.Llm llm = config.llm();
        return new LlmLanguageLayer(ModelProviders.chatModel(llm), ModelProviders.modelName(llm), gateway,
                new SqliteChatMemoryStore(db, clock), new TokenUsageRepository(db), Prompts.load(Path.of("prompts")),
                llm, clock, ZoneId.of("Asia/Seoul"));
    }

    @Override
    public Reply answer(Caller caller, String text, Origin origin, Progress progress) {
        SqliteChatMemoryStore.Key key = SqliteChatMemoryStore.Key.of(caller);
        Object lock = conversationLocks.computeIfAbsent(key, k -> new Object());
        synchronized (lock) {
            return answerInOrder(caller, key, text, progress);
        }
    }

    private Reply answerInOrder(Caller caller, SqliteChatMemoryStore.Key key, String text, Progress progress) {
        LlmTurn turn = new LlmTurn(gateway, caller, progress, config.maxToolCalls());
        Map<ToolSpecification, ToolExecutor> tools = CatalogTools.forTurn(gateway.catalog(), turn);
        String system = prompts.system(caller, tools.size(), LocalDate.ofInstant(clock.instant(), zone));
        Assistant assistant = AiServices.builder(Assistant.class)
                .chatModel(new TokenUsageMeter(model, usage, clock, caller.id(), caller.channel(), modelName))
                .systemMessageProvider(memoryId -> system)
                .chatMemory(MessageWindowChatMemory.builder()
                        .id(key)
                        .maxMessages(config.memoryMessages())
                        .chatMemoryStore(memory)
                        .build())
                .tools(tools)
                .hallucinatedToolNameStrategy(request -> CatalogTools.unknownFunction(turn, request))
                .maxSequentialToolsInvocations(config.maxToolCalls())
                .toolArgumentsErrorHandler((error, context) -> {
                    log.info("tool arguments from the model refused for {}: {}", caller.id(), error.getClass().getName());
                    turn.unreadable(context == null || context.toolExecutionRequest() == null ? ""
                            : CatalogTools.toolName(context.toolExecutionRequest().name()));
                    return ToolErrorHandlerResult.text("invalid: the arguments could not be read");
                })
                .toolExecutionErrorHandler((error, context) -> {
                    String id = errorId();
                    log.error("[{}] tool call from the model failed for {}", id, caller.id(), Redactor.redact(error));
                    return ToolErrorHandlerResult.text("failed (error id " + id + ")");
                })
                .build();
        String answer;
        try {
            answer = assistant.chat(TextContent.from(text));
        } catch (RuntimeException e) {
            String id = errorId();
            // The log gets the exception, redacted (a provider's error body may echo the API key); the member
            // and the model never see its text.
            log.error("[{}] language model turn failed for {} after {} tool calls", id, caller.id(),
                    turn.steps().size(), Redactor.redact(e));
            String note = turn.steps().isEmpty()
                    ? LlmTexts.get(caller.locale(), LlmTexts.FAILED, "id", id)
                    : LlmTexts.get(caller.locale(), LlmTexts.TOO_MANY_STEPS, "max", config.maxToolCalls());
            Reply partial = turn.reply(null, note);
            return turn.steps().isEmpty()
                    ? new Reply("failed", partial.text(), null, false, null, false)
                    : partial;
        }
        return turn.reply(answer, null);
    }

    @Override
    public void forget(Caller caller) {
        memory.deleteMessages(SqliteChatMemoryStore.Key.of(caller));
    }

    /** How many catalog tools a caller of this role is offered (for the prompt and for tests). */
    public int toolCount(Caller caller) {
        return (int) gateway.catalog().all().stream().map(Tool::spec)
                .filter(s -> caller.role().atLeast(s.minRole())).count();
    }

    private String errorId() {
        return "E" + Long.toString(random.nextLong() & 0xffffffffL, 36).toUpperCase();
    }
}
