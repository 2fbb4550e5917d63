/**
 * Cloud storage the course shares data through (Module 11): named locations in S3 and ADLS Gen2 from the
 * configuration ({@link dev.labhand.storage.StorageCatalog}), relative paths made safe
 * ({@link dev.labhand.storage.StoragePaths}) and who may read or write which prefix
 * ({@link dev.labhand.storage.StorageAccess}), checked by the gateway for every storage tool.
 */
package dev.labhand.storage;
