package dev.labhand.tool;

/**
 * Told of every call the gateway answered: the tool's name ({@code unknown} for names not in the catalog), the
 * outcome's kind and how long the gateway took. Metrics hang here; it must be quick and never throw.
 */
@FunctionalInterface
public interface CallObserver {
    CallObserver NONE = (tool, outcome, nanos) -> { };

    void called(String tool, String outcome, long nanos);
}
