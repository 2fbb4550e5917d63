package dev.labhand.agent.llm;

import dev.labhand.chat.Reply;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Caller.Lang;
import dev.labhand.tool.Origin;
import dev.labhand.tool.Outcome;
import dev.labhand.tool.Progress;
import dev.labhand.tool.QuotedAnswer;
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
 * <p>What the member sees ({@link #reply}) is written by the bot first and the model last, because a model
 * can be fooled or wrong about what happened: "Removed" after a refused call, "Confirmed" when nothing can
 * be confirmed by it. First, Labhand's own record of the turn, one line per tool call the model made: done,
 * needs your confirmation, refused, invalid, failed or not run (over the turn's limit), each with the
 * gateway's reason. Then, word for word, what the member must see from the gateway itself: results holding a
 * secret, every confirmation request (with its /confirm code) and the course notes' answer (a
 * {@link QuotedAnswer}, quoted with its link). Last, the model's text, labelled as the model's and not a
 * record; when the notes answered, the notes are the answer and the model's retelling is left out; when no
 * tool ran, a line says so. The reply is secret if any result was, carries the first confirmation code
 * (buttons on Discord; later codes are in the text), is personal if a tool answers privately, and lists the
 * equivalent commands of what ran. Its kind is the most pressing outcome: confirm, failed, denied, invalid,
 * done.
 */
final class LlmTurn {
    private static final Pattern ERROR_ID = Pattern.compile("[A-Z0-9]{1,16}");
    private static final Pattern UNSAFE = Pattern.compile("[\\p{Cntrl}`*_~|<>\\[\\]]+");
    private static final int SHOWN_VALUE = 60;

    /** One tool call of this turn and its outcome; a null outcome is a call not run (over the turn's limit). */
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
            steps.add(new Step(tool, Map.copyOf(args), null));
            return "not run: this message already used its " + maxToolCalls + " tool calls. "
                    + "Tell the member what was done and let them ask again.";
        }
        calls++;
        Outcome outcome = gateway.invoke(caller, tool, args, Origin.LLM, progress);
        steps.add(new Step(tool, Map.copyOf(args), outcome));
        if (outcome instanceof Outcome.Done d && !d.secret() && quoted(tool)) {
            return "done. The course notes' answer below was shown to the member word for word, quoted and "
                    + "linked. Do not retell it or add anything that is not in it; if it does not answer the "
                    + "question, say that the course notes do not cover it.\n" + Redactor.redact(d.text());
        }
        return forModel(outcome);
    }

    /**
     * A call the gateway never saw because the model's arguments could not be read (not JSON, nested values):
     * recorded, so the member sees it was invalid and not run.
     */
    synchronized void unreadable(String tool) {
        steps.add(new Step(tool == null ? "" : tool, Map.of(),
                new Outcome.Invalid(LlmTexts.get(caller.locale(), LlmTexts.UNREADABLE))));
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

    /**
     * The member's reply (see the class comment).
     *
     * @param modelText what the model wrote last, or null when it wrote nothing usable
     * @param note      a sentence of the bot's own about the turn (it failed, it ran out of steps), or null
     */
    Reply reply(String modelText, String note) {
        Lang lang = caller.locale();
        boolean personal = false;
        String text = modelText == null ? "" : modelText.strip();
        boolean secret = false;
        String code = null;
        Set<String> commands = new LinkedHashSet<>();
        boolean anyDone = false;
        boolean anyDenied = false;
        boolean anyInvalid = false;
        boolean anyFailed = false;
        boolean onlyNotes = true;
        List<String> record = new ArrayList<>();
        List<String> shown = new ArrayList<>();
        List<Step> all = steps();
        for (Step s : all) {
            Outcome o = s.outcome();
            String call = shownCall(s);
            boolean notes = false;
            if (o == null) {
                record.add(LlmTexts.get(lang, LlmTexts.RAN_SKIPPED, "call", call, "max", maxToolCalls));
            } else if (o instanceof Outcome.Done d) {
                anyDone = true;
                record.add(LlmTexts.get(lang, LlmTexts.RAN_DONE, "call", call));
                personal |= gateway.catalog().find(s.tool()).map(t -> t.spec().privateReply()).orElse(true);
                if (d.command() != null && !d.command().isBlank()) commands.add(d.command());
                if (d.secret()) {
                    secret = true;
                    shown.add(LlmTexts.get(lang, LlmTexts.SECRET_SHOWN) + "\n" + d.text());
                } else if (quoted(s.tool())) {
                    notes = true;
                    shown.add(LlmTexts.get(lang, LlmTexts.NOTES_SHOWN) + "\n" + quote(d.text()));
                }
            } else if (o instanceof Outcome.NeedsConfirmation n) {
                if (code == null) code = n.code();
                record.add(LlmTexts.get(lang, LlmTexts.RAN_CONFIRM, "call", call));
                shown.add(n.text());
            } else if (o instanceof Outcome.Denied d) {
                anyDenied = true;
                record.add(LlmTexts.get(lang, LlmTexts.RAN_DENIED, "call", call, "reason", oneLine(d.text())));
            } else if (o instanceof Outcome.Invalid i) {
                anyInvalid = true;
                record.add(LlmTexts.get(lang, LlmTexts.RAN_INVALID, "call", call, "reason", oneLine(i.text())));
            } else if (o instanceof Outcome.Failed f) {
                anyFailed = true;
                record.add(LlmTexts.get(lang, LlmTexts.RAN_FAILED, "call", call, "reason", oneLine(f.text())));
            }
            onlyNotes &= notes;
        }
        List<String> parts = new ArrayList<>();
        if (!record.isEmpty()) parts.add(LlmTexts.get(lang, LlmTexts.RAN_HEADER) + "\n" + String.join("\n", record));
        parts.addAll(shown);
        if (note != null && !note.isBlank()) parts.add(note);
        if (!text.isEmpty() && !(onlyNotes && !all.isEmpty())) {
            if (all.isEmpty()) {
                parts.add(text);
                parts.add(LlmTexts.get(lang, LlmTexts.RAN_NOTHING));
            } else {
                parts.add(LlmTexts.get(lang, LlmTexts.MODEL_SAYS) + "\n" + text);
            }
        }
        if (parts.isEmpty()) parts.add(LlmTexts.get(lang, LlmTexts.EMPTY));
        String kind = code != null ? "confirm"
                : anyFailed ? "failed"
                : anyDenied && !anyDone ? "denied"
                : anyInvalid && !anyDone ? "invalid"
                : anyDone ? "done"
                : "answer";
        String command = commands.isEmpty() ? null : String.join("\n", commands);
        return new Reply(kind, String.join("\n\n", parts), command, secret, code, personal);
    }

    private boolean quoted(String tool) {
        return gateway.catalog().find(tool).map(t -> t instanceof QuotedAnswer).orElse(false);
    }

    /**
     * A call as the member would type it, {@code /workspace stop name:alice-ws}, from what the model wrote:
     * one line, markup characters dropped, secrets redacted, long values cut.
     */
    static String shownCall(Step s) {
        StringBuilder out = new StringBuilder("/").append(clip(s.tool(), 40).replace('.', ' '));
        s.args().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e ->
                out.append(' ').append(clip(e.getKey(), 24)).append(':').append(clip(e.getValue(), SHOWN_VALUE)));
        return out.toString();
    }

    private static String clip(String value, int max) {
        String v = UNSAFE.matcher(Redactor.redact(value == null ? "" : value)).replaceAll(" ").strip()
                .replaceAll("\\s+", " ");
        if (v.isEmpty()) return "?";
        return v.length() > max ? v.substring(0, max) + "…" : v;
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.strip().replaceAll("\\s*\\n\\s*", " ");
    }

    /** Markdown quote, every line: Discord and the console both show it as quoted text. */
    private static String quote(String text) {
        return text.strip().lines().map(l -> l.isBlank() ? ">" : "> " + l).reduce((a, b) -> a + "\n" + b).orElse("");
    }
}
