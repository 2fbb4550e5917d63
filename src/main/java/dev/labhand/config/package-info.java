/**
 * Configuration: {@code labhand.yaml} and workspace templates, read strictly through
 * {@link dev.labhand.config.YamlSection} (unknown keys are errors, {@code ${ENV}} fills secrets)
 * into immutable records. A new setting is one read in {@code LabhandConfig.from} plus a field.
 */
package dev.labhand.config;
