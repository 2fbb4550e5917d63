/**
 * The instructor's desk: the question queue (questions the course notes could not answer, or that a learner
 * put to the instructor, each with the learner's checkup attached), who is notified of them, how long answers
 * take, and the draft answers the Discord context menus show. Every action is a catalog tool
 * ({@code queue.*}, {@code desk.*}) so the gateway checks roles and audits every path; a new desk tool is one
 * class here plus one line in {@link dev.labhand.desk.Desk#tools}. Free text a member typed (a question, an
 * answer, a message to draft from) is a secret parameter: the audit log keeps {@code ***} for it, because the
 * gateway's redaction cannot know a workspace token pasted bare; the queue keeps it scrubbed.
 */
package dev.labhand.desk;
