package dev.labhand.tool;

/** How much harm a tool can do. Destructive and costly tools run only with a confirmation. */
public enum Risk {
    READ, CHANGE, DESTRUCTIVE, COSTLY;

    public boolean needsConfirmation() {
        return this == DESTRUCTIVE || this == COSTLY;
    }
}
