package dev.labhand.tool;

/** One authorised, validated call as a tool sees it. */
public record Invocation(Caller caller, Args args, Origin origin, Progress progress) {
    public Caller.Lang lang() {
        return caller.locale();
    }
}
