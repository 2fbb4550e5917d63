package dev.labhand.tool;

/**
 * Marks an exception that means a shared resource (the database, held by another Labhand process) stayed
 * busy: the member is told to try again instead of getting an internal error id.
 */
public interface RetryLater {}
