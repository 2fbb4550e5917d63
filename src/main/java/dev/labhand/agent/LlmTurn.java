package dev.labhand.agent;

import dev.labhand.chat.Reply;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Origin;
import dev.labhand.tool.Outcome;
import dev.labhand.tool.Progress;
import dev.labhand.tool.Redactor;
import dev.labhand.tool.ToolGateway;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One member message answered by the model: the caller (from the platform, fixed for the whole turn),
 * every tool call the model made through the gateway, and what the member finally sees.
 *
 * <p>What goes back to the model is safe text only: the outcome's text for a plain result, a neutral
 * sentence for a result holding a secret, "must be confirmed by the member" for a risky tool (never the
 * code), the refusal for denied or invalid calls and "failed (error id)" for failures. Exception text
 * never reaches the model.
 *
 * <p>How several results become one {@link Reply} ({@link #reply}): the model's final text comes first;
 * then, verbatim, what the member must see from the gateway itself rather than through the model:
 * results holding a secret, every confirmation request (with its /confirm code) and every refusal or
 * failure. The reply is secret if any result was, carries the first confirmation code (buttons on
 * Discord; later codes are in the text), is personal if a tool answers privately, and lists the
 * equivalent commands of what ran. Its kind is the most pressing outcome: confirm, failed, denied, done.
 */
final class LlmTurn {
    private static final Pattern ERROR_ID = Pattern.compile("[A-Z0-9]{1,16}");

    /** One tool call of this turn and its outcome. */
    record Step(String tool, Map<String, String> args, Outcome outcome) {}

    private final ToolGateway gateway;
    private final Caller caller;
    private final Progress progress;
    private final int maxToolCalls;
    private final List<Step> steps = new ArrayList<>();
    private int calls;

    LlmTurn(ToolGateway gateway, Caller caller, Progress progress, int maxToolCalls) {
        this.gateway = gateway;
        this.caller = caller;
        this.progress = progress == null ? Progress.NONE : progress;
        this.maxToolCalls = maxToolCalls;
    }

    Caller caller() {
        return caller;
    }

    synchronized List<Step> steps() {
        return List.copyOf(steps);
    }

    /** Runs one tool call through the gateway as this turn's caller; returns what the model may read. */
    synchronized String call(String tool, Map<String, String> args) {
        if (calls >= maxToolCalls) {
            return "not run: this message already used its " + maxToolCalls + " tool calls. "
                    + "Tell the member what was done and let them ask again.";
        }
        calls++;
        Outcome outcome = gateway.invoke(caller, tool, args, Origin.LLM, progress);
        steps.add(new Step(tool, Map.copyOf(args), outcome));
        return forModel(outcome);
    }

    /** What the model reads about an outcome. */
    static String forModel(Outcome outcome) {
        if (outcome instanceof Outcome.Done d) {
            if (d.secret()) {
                return "done. The result holds connection details (a token or password); they were shown to the "
                        + "member privately and are not available to you. Say so, and do not invent them.";
            }
            String text = "done: " + Redactor.redact(d.text());
            return d.command() == null ? text : text + "\nequivalent command: " + Redactor.redact(d.command());
        } else if (outcome instanceof Outcome.NeedsConfirmation) {
            return "not run yet: this action needs the member's own confirmation. A confirmation request was "
                    + "shown to the member, who confirms it with /confirm. You cannot confirm it; do not ask for "
                    + "or repeat any code.";
        } else if (outcome instanceof Outcome.Denied d) {
            return "refused: " + Redactor.redact(d.text()) + " Do not try another way around this.";
        } else if (outcome instanceof Outcome.Invalid i) {
            return "invalid: " + Redactor.redact(i.text());
        }
        Outcome.Failed f = (Outcome.Failed) outcome;
        String id = f.errorId() != null && ERROR_ID.matcher(f.errorId()).matches() ? f.errorId() : "unknown";
        return "failed (error id " + id + ")";
    }

    /** The member's reply: the model's text plus what the gateway itself must show (see the class comment). */
    Reply reply(String modelText, String fallback) {
        boolean personal = false;
        List<String> parts = new ArrayList<>();
        String text = modelText == null ? "" : modelText.strip();
        boolean secret = false;
        String code = null;
        Set<String> commands = new LinkedHashSet<>();
        boolean anyDone = false;
        boolean anyDenied = false;
        boolean anyFailed = false;
        List<String> shown = new ArrayList<>();
        for (Step s : steps()) {
            Outcome o = s.outcome();
            if (o instanceof Outcome.Done d) {
                anyDone = true;
                personal |= gateway.catalog().find(s.tool()).map(t -> t.spec().privateReply()).orElse(true);
                if (d.command() != null && !d.command().isBlank()) commands.add(d.command());
                if (d.secret()) {
                    secret = true;
                    shown.add(LlmTexts.get(caller.locale(), LlmTexts.SECRET_SHOWN) + "\n" + d.text());
                }
            } else if (o instanceof Outcome.NeedsConfirmation n) {
                if (code == null) code = n.code();
                shown.add(n.text());
            } else if (o instanceof Outcome.Denied d) {
                anyDenied = true;
                shown.add(d.text());
            } else if (o instanceof Outcome.Failed f) {
                anyFailed = true;
                shown.add(f.text());
            }
        }
        if (!text.isEmpty()) parts.add(text);
        parts.addAll(shown);
        if (parts.isEmpty()) parts.add(fallback);
        String kind = code != null ? "confirm"
                : anyFailed ? "failed"
                : anyDenied && !anyDone ? "denied"
                : anyDone ? "done"
                : "answer";
        String command = commands.isEmpty() ? null : String.join("\n", commands);
        return new Reply(kind, String.join("\n\n", parts), command, secret, code, personal);
    }
}
