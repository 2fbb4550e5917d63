package dev.labhand.agent.llm.support;

import dev.labhand.config.LabhandConfig;

/** The providers the LLM tests run against: a scripted fake plus the real langchain4j client for it. */
public enum Provider {
    OPENAI, ANTHROPIC, AZURE_OPENAI;

    public ScriptedModelServer startFake() {
        return switch (this) {
            case OPENAI -> FakeOpenAi.start();
            case ANTHROPIC -> FakeAnthropic.start();
            case AZURE_OPENAI -> FakeAzureOpenAi.startAzure();
        };
    }

    public LabhandConfig.Llm config(ScriptedModelServer fake, int maxToolCalls) {
        String base = fake instanceof FakeOpenAi o ? o.baseUrl() : ((FakeAnthropic) fake).baseUrl();
        String provider = switch (this) {
            case OPENAI -> "openai";
            case ANTHROPIC -> "anthropic";
            case AZURE_OPENAI -> "azure-openai";
        };
        return LlmTestBed.config(provider, base, maxToolCalls);
    }
}
