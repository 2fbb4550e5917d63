package dev.labhand.tool;

/** Where a long-running tool reports how far it got (an image pull, a VM start). */
@FunctionalInterface
public interface Progress {
    Progress NONE = text -> { };

    /** Called with a short, already localised line; front ends may throttle or replace earlier lines. */
    void report(String text);
}
