/**
 * {@code labhand doctor}: start-up and health checks with advice. A new check is one block in
 * {@link dev.labhand.doctor.Doctor#check} plus its sentences in the message bundles.
 */
package dev.labhand.doctor;
