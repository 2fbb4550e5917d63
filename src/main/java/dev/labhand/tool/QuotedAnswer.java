package dev.labhand.tool;

/**
 * A tool whose answer is a source to quote, not a result to retell: the course notes. A language layer shows
 * such a tool's answer to the member word for word (quoted, with its link) and tells the model not to add to
 * it, so an answer comes from the notes rather than from a model's memory.
 */
public interface QuotedAnswer extends Tool {}
