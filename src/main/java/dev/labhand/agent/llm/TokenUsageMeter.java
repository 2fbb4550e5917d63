package dev.labhand.agent.llm;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.ChatRequestOptions;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A chat model that records every call's token usage for one member in one channel, then hands the
 * response on unchanged. One meter per answered message: it wraps the shared provider model.
 */
final class TokenUsageMeter implements ChatModel {
    private static final Logger log = LoggerFactory.getLogger(TokenUsageMeter.class);

    private final ChatModel delegate;
    private final TokenUsageRepository usage;
    private final Clock clock;
    private final String memberId;
    private final String channel;
    private final String configuredModel;

    TokenUsageMeter(ChatModel delegate, TokenUsageRepository usage, Clock clock, String memberId, String channel,
                    String configuredModel) {
        this.delegate = delegate;
        this.usage = usage;
        this.clock = clock;
        this.memberId = memberId;
        this.channel = channel;
        this.configuredModel = configuredModel;
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        return recorded(delegate.chat(request));
    }

    @Override
    public ChatResponse chat(ChatRequest request, ChatRequestOptions options) {
        return recorded(delegate.chat(request, options));
    }

    @Override
    public ChatRequestParameters defaultRequestParameters() {
        return delegate.defaultRequestParameters();
    }

    @Override
    public List<ChatModelListener> listeners() {
        return delegate.listeners();
    }

    @Override
    public ModelProvider provider() {
        return delegate.provider();
    }

    @Override
    public Set<Capability> supportedCapabilities() {
        return delegate.supportedCapabilities();
    }

    private ChatResponse recorded(ChatResponse response) {
        try {
            TokenUsage t = response.tokenUsage();
            int in = t == null || t.inputTokenCount() == null ? 0 : t.inputTokenCount();
            int out = t == null || t.outputTokenCount() == null ? 0 : t.outputTokenCount();
            int calls = response.aiMessage() == null || !response.aiMessage().hasToolExecutionRequests() ? 0
                    : response.aiMessage().toolExecutionRequests().size();
            String model = response.modelName() == null || response.modelName().isBlank()
                    ? configuredModel : response.modelName();
            usage.record(clock.instant(), memberId, channel, model == null ? "" : model, in, out, calls);
        } catch (RuntimeException e) {
            // Usage is bookkeeping: a failed write must not lose the member's answer.
            log.warn("could not record token usage for {}", memberId, e);
        }
        return response;
    }
}
