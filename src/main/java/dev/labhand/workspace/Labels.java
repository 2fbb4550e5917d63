package dev.labhand.workspace;

/** Labels every workspace container carries, so the store can be rebuilt from the engine after a crash. */
public final class Labels {
    public static final String WORKSPACE = "labhand.workspace";
    public static final String OWNER = "labhand.owner";
    public static final String NAME = "labhand.name";
    public static final String TEMPLATE = "labhand.template";
    /** The installation that made the container: only its own containers are adopted or compared with its store. */
    public static final String INSTANCE = "labhand.instance";

    private Labels() {}
}
