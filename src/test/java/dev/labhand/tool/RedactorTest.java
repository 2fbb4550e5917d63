package dev.labhand.tool;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What a log line or an audit row may never carry, in the shapes providers and tools really print it. */
final class RedactorTest {
    private static final String OPENAI_KEY = "sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z";
    private static final String ANTHROPIC_KEY = "sk-ant-api03-Q1w2E3r4T5y6U7i8O9p0-AsDfGhJkL_zxcvbnm";

    @Test
    void should_remove_the_key_that_openai_echoes_in_its_error_body() {
        String body = "{\"error\":{\"message\":\"Incorrect API key provided: " + OPENAI_KEY + ". You can find your API key"
                + " at https://platform.openai.com/account/api-keys.\",\"type\":\"invalid_request_error\",\"param\":null,"
                + "\"code\":\"invalid_api_key\"}}";

        String out = Redactor.redact(body);

        assertThat(out).doesNotContain(OPENAI_KEY).doesNotContain("Ab3dEf6h")
                .contains("Incorrect API key provided: ***").contains("invalid_api_key");
    }

    @Test
    void should_remove_a_partly_masked_key_and_legacy_keys() {
        assertThat(Redactor.redact("Incorrect API key provided: sk-proj-****************************Q7xZ."))
                .doesNotContain("Q7xZ");
        assertThat(Redactor.redact("key sk-Zx81bA0cD2eF4gH6iJ8kL0mN was revoked")).doesNotContain("Zx81bA0c");
    }

    @Test
    void should_remove_anthropic_keys_in_headers_json_and_prose() {
        assertThat(Redactor.redact("x-api-key: " + ANTHROPIC_KEY)).doesNotContain("Q1w2E3r4");
        assertThat(Redactor.redact("{\"x-api-key\": \"" + ANTHROPIC_KEY + "\"}")).doesNotContain("Q1w2E3r4");
        assertThat(Redactor.redact("invalid x-api-key (" + ANTHROPIC_KEY + ")")).doesNotContain("Q1w2E3r4");
        assertThat(Redactor.redact("api-key=" + OPENAI_KEY)).doesNotContain("Ab3dEf6h");
    }

    @Test
    void should_remove_a_bare_jupyter_token_but_not_a_container_id_or_a_digest() {
        String token = "3f9a1c0b7d2e4f6a8b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e";   // 48 hex, as Labhand makes them
        String container = "e8e75f7548e3486fe8233d6d6b3c6a8f76b89290afa5808eabeb45e0e525dbad";
        String digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

        assertThat(Redactor.redact("jupyter asks for a token, I pasted " + token + " and it failed"))
                .doesNotContain(token).contains("pasted *** and it failed");
        assertThat(Redactor.redact("http://127.0.0.1:20001/lab?token=" + token)).doesNotContain(token);
        assertThat(Redactor.redact("container " + container + " exited")).contains(container);
        assertThat(Redactor.redact("kaggle/python@" + digest)).contains(digest);
    }

    @Test
    void should_leave_ordinary_text_alone() {
        String text = "disk-full on task-runner-2; sk-learn notebook; exit code 137; 16g memory";

        assertThat(Redactor.redact(text)).isEqualTo(text);
    }

    @Test
    void should_redact_the_whole_cause_chain_of_an_exception_and_keep_its_stack() {
        var cause = new IllegalStateException("status 401: {\"message\":\"Incorrect API key provided: " + OPENAI_KEY + "\"}");
        var top = new RuntimeException("model call failed: " + cause.getMessage(), cause);

        Throwable safe = Redactor.redact(top);

        assertThat(safe.getMessage()).doesNotContain(OPENAI_KEY).contains("model call failed");
        assertThat(safe.toString()).contains("RuntimeException");
        assertThat(safe.getCause().getMessage()).doesNotContain(OPENAI_KEY).contains("status 401");
        assertThat(safe.getCause().toString()).contains("IllegalStateException");
        assertThat(safe.getStackTrace()).isEqualTo(top.getStackTrace());
    }
}
