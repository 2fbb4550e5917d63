package dev.labhand.agent.llm;

import dev.labhand.config.ConfigException;
import dev.labhand.config.LabhandConfig;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.azure.AzureOpenAiChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;

/**
 * The configured LLM as a langchain4j {@link ChatModel}. The API key comes only from the config value
 * (which takes it from the environment, {@code ${OPENAI_API_KEY}}) and is never logged: request and
 * response logging stay off. Adding a provider is one case here plus its Maven module.
 */
public final class ModelProviders {
    static final String DEFAULT_OPENAI_MODEL = "gpt-4o-mini";
    static final String DEFAULT_ANTHROPIC_MODEL = "claude-3-5-haiku-latest";
    static final String DEFAULT_OLLAMA_MODEL = "qwen2.5:7b";
    static final String DEFAULT_OLLAMA_URL = "http://127.0.0.1:11434";

    private ModelProviders() {}

    /** The model for {@code llm}; a clear {@link ConfigException} for what this build cannot provide. */
    public static ChatModel chatModel(LabhandConfig.Llm llm) {
        return switch (llm.provider()) {
            case "openai" -> openAi(llm);
            case "anthropic" -> anthropic(llm);
            case "ollama" -> ollama(llm);
            case "azure-openai" -> azureOpenAi(llm, null);
            case "none" -> throw new ConfigException("llm.provider is none: the offline router answers instead");
            default -> throw new ConfigException("llm.provider '" + llm.provider() + "' is not known");
        };
    }

    /** The model name actually used, defaults filled in (for usage rows). */
    public static String modelName(LabhandConfig.Llm llm) {
        if (!llm.model().isBlank()) return llm.model();
        return switch (llm.provider()) {
            case "openai" -> DEFAULT_OPENAI_MODEL;
            case "anthropic" -> DEFAULT_ANTHROPIC_MODEL;
            case "ollama" -> DEFAULT_OLLAMA_MODEL;
            default -> llm.provider();
        };
    }

    private static ChatModel openAi(LabhandConfig.Llm llm) {
        OpenAiChatModel.OpenAiChatModelBuilder b = OpenAiChatModel.builder()
                .apiKey(requireKey(llm))
                .modelName(modelName(llm))
                .temperature(llm.temperature())
                .timeout(llm.timeout())
                .maxRetries(1)
                .logRequests(false)
                .logResponses(false);
        if (!llm.baseUrl().isBlank()) b.baseUrl(llm.baseUrl());
        return b.build();
    }

    private static ChatModel anthropic(LabhandConfig.Llm llm) {
        AnthropicChatModel.AnthropicChatModelBuilder b = AnthropicChatModel.builder()
                .apiKey(requireKey(llm))
                .modelName(modelName(llm))
                .temperature(llm.temperature())
                .maxTokens(1024)
                .timeout(llm.timeout())
                .maxRetries(1)
                .logRequests(false)
                .logResponses(false);
        if (!llm.baseUrl().isBlank()) b.baseUrl(llm.baseUrl());
        return b.build();
    }

    /**
     * Azure OpenAI: {@code baseUrl} is the resource endpoint (https://NAME.openai.azure.com/), {@code model}
     * the deployment name. {@code http} replaces the Azure SDK's HTTP client (a proxy, or the tests'
     * loopback fake); null for the default.
     */
    public static ChatModel azureOpenAi(LabhandConfig.Llm llm, com.azure.core.http.HttpClient http) {
        if (llm.baseUrl().isBlank()) {
            throw new ConfigException("llm.baseUrl is empty for provider azure-openai: set it to your resource's "
                    + "endpoint, https://NAME.openai.azure.com/");
        }
        if (llm.model().isBlank()) {
            throw new ConfigException("llm.model is empty for provider azure-openai: set it to the deployment name");
        }
        AzureOpenAiChatModel.Builder b = AzureOpenAiChatModel.builder()
                .endpoint(llm.baseUrl())
                .apiKey(requireKey(llm))
                .deploymentName(llm.model())
                .temperature(llm.temperature())
                .timeout(llm.timeout())
                .maxRetries(1)
                .logRequestsAndResponses(false);
        if (http != null) {
            b.httpClientProvider(new com.azure.core.http.HttpClientProvider() {
                @Override
                public com.azure.core.http.HttpClient createInstance() {
                    return http;
                }

                @Override
                public com.azure.core.http.HttpClient createInstance(com.azure.core.util.HttpClientOptions options) {
                    return http;
                }
            });
        }
        return b.build();
    }

    private static ChatModel ollama(LabhandConfig.Llm llm) {
        return OllamaChatModel.builder()
                .baseUrl(llm.baseUrl().isBlank() ? DEFAULT_OLLAMA_URL : llm.baseUrl())
                .modelName(modelName(llm))
                .temperature(llm.temperature())
                .timeout(llm.timeout())
                .maxRetries(1)
                .logRequests(false)
                .logResponses(false)
                .build();
    }

    private static String requireKey(LabhandConfig.Llm llm) {
        if (llm.apiKey() == null || llm.apiKey().isBlank()) {
            // Name the setting, never a value.
            throw new ConfigException("llm.apiKey is empty for provider " + llm.provider()
                    + ": set it to ${ENV_VAR} in config/labhand.yaml and export that variable");
        }
        return llm.apiKey();
    }
}
