/**
 * ADLS Gen2, the course's shared lake (Module 11): the Data Lake and storage ARM clients live only here.
 * {@link dev.labhand.storage.adls.Adls} wires it once; {@link dev.labhand.storage.adls.AdlsAccessControl} grants and
 * revokes a member's POSIX ACL entries (and {@code revokeEverywhere} for a leaving member);
 * {@link dev.labhand.storage.adls.AdlsSetup} makes the account, filesystem and member folders;
 * {@link dev.labhand.storage.adls.BlobfuseMount} plans a member's blobfuse2 mount. A new ADLS tool takes
 * {@code Adls}'s parts and is added to {@code Adls.tools()}.
 */
package dev.labhand.storage.adls;
