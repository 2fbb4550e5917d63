/** Small helpers shared by feature packages that belong to none of them. */
package dev.labhand.util;
