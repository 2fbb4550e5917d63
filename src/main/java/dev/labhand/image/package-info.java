/**
 * Course images (modules 7 and 8): images declared as data in {@code tools/images/<name>/} (a Dockerfile, its
 * build context and an {@code image.yaml}), built, tagged, pushed, inspected and removed on any Docker host
 * through tools. A new course image is a folder; a new registry is an entry under {@code images.registries}.
 */
package dev.labhand.image;
