package dev.labhand.agent;

import dev.labhand.i18n.Messages;
import dev.labhand.tool.Caller.Lang;

/**
 * Member-facing sentences of the LLM layer. They belong in the message bundles under these keys; until
 * the bundles have them, the Korean and English texts here are used. Sentences for the model (tool
 * results, refusals) are not member-facing and stay in {@link LlmTurn}.
 */
final class LlmTexts {
    static final String FAILED = "llm.failed";
    static final String EMPTY = "llm.empty";
    static final String TOO_MANY_STEPS = "llm.tooManySteps";
    static final String SECRET_SHOWN = "llm.secretShown";

    private LlmTexts() {}

    static String get(Lang lang, String key, Object... pairs) {
        if (Messages.has(lang, key)) return Messages.get(lang, key, pairs);
        String text = fallback(lang, key);
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            text = text.replace("{" + pairs[i] + "}", String.valueOf(pairs[i + 1]));
        }
        return text;
    }

    private static String fallback(Lang lang, String key) {
        boolean ko = lang == Lang.KO;
        return switch (key) {
            case FAILED -> ko ? "언어 모델이 지금 답하지 못했습니다 (오류 ID {id}). 슬래시 명령은 그대로 쓸 수 있습니다: /help"
                    : "The language model could not answer just now (error id {id}). Slash commands still work: /help";
            case EMPTY -> ko ? "이 요청에는 답을 드리지 못했습니다. /help 로 명령을 확인해 보세요."
                    : "I have no answer to that. Try /help for the commands.";
            case TOO_MANY_STEPS -> ko ? "한 메시지에서 할 수 있는 단계({max}번)를 넘었습니다. 지금까지 한 일은 아래와 같습니다."
                    : "That took more steps than one message may ({max}); here is what was done so far.";
            case SECRET_SHOWN -> ko ? "아래 접속 정보는 회원님께만 보입니다:" : "Only you can see the connection details below:";
            default -> key;
        };
    }
}
