/**
 * State in one SQLite file (WAL, one writer, Flyway migrations under {@code db/migration}). Each
 * table has one repository here; a schema change is a new {@code V<n>__What_it_adds.sql} file.
 */
package dev.labhand.store;
