package dev.labhand.agent.llm;

import dev.labhand.i18n.Messages;
import dev.labhand.tool.Caller.Lang;

/**
 * The keys of the LLM layer's member-facing sentences, in the message bundles ({@code llm.*}) like every
 * other. Sentences for the model (tool results, refusals) are not member-facing and stay in {@link LlmTurn}.
 */
final class LlmTexts {
    static final String FAILED = "llm.failed";
    static final String EMPTY = "llm.empty";
    static final String TOO_MANY_STEPS = "llm.tooManySteps";
    static final String SECRET_SHOWN = "llm.secretShown";
    /** Labhand's record of a turn: a header, then one line per tool call the model made. */
    static final String RAN_HEADER = "llm.ran.header";
    static final String RAN_DONE = "llm.ran.done";
    static final String RAN_CONFIRM = "llm.ran.confirm";
    static final String RAN_DENIED = "llm.ran.denied";
    static final String RAN_INVALID = "llm.ran.invalid";
    static final String RAN_FAILED = "llm.ran.failed";
    static final String RAN_SKIPPED = "llm.ran.skipped";
    static final String RAN_NOTHING = "llm.ran.nothing";
    /** Labels the model's own text, which is not a record of what ran. */
    static final String MODEL_SAYS = "llm.modelSays";
    /** Introduces the course notes' answer, quoted word for word. */
    static final String NOTES_SHOWN = "llm.notesShown";
    static final String UNREADABLE = "llm.unreadableArguments";

    private LlmTexts() {}

    static String get(Lang lang, String key, Object... pairs) {
        return Messages.get(lang, key, pairs);
    }
}
