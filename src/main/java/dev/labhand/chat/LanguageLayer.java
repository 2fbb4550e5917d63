package dev.labhand.chat;

import dev.labhand.tool.Caller;
import dev.labhand.tool.Origin;
import dev.labhand.tool.Progress;

/**
 * What understands a plain sentence ("GPU 파이썬 작업공간 하나 만들어줘", "spin up an R workspace called
 * thesis") and turns it into tool calls through the gateway: the offline router by default, an LLM when
 * one is configured. The caller always comes from the platform, never from the text.
 */
public interface LanguageLayer {

    /** Answers one message; tool calls it makes go through the gateway as {@code caller}. */
    Reply answer(Caller caller, String text, Origin origin, Progress progress);

    /** Forgets this member's conversation in this channel ({@code /forget}). */
    void forget(Caller caller);
}
