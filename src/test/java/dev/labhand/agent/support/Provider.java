package dev.labhand.agent.support;

import dev.labhand.config.LabhandConfig;

/** The providers the LLM tests run against: a scripted fake plus the real langchain4j client for it. */
public enum Provider {
    OPENAI, ANTHROPIC;

    public ScriptedModelServer startFake() {
        return this == OPENAI ? FakeOpenAi.start() : FakeAnthropic.start();
    }

    public LabhandConfig.Llm config(ScriptedModelServer fake, int maxToolCalls) {
        String base = fake instanceof FakeOpenAi o ? o.baseUrl() : ((FakeAnthropic) fake).baseUrl();
        return LlmTestBed.config(this == OPENAI ? "openai" : "anthropic", base, maxToolCalls);
    }
}
