/**
 * S3 for the storage tools: the only package that imports the AWS SDK's S3 client. {@link
 * dev.labhand.storage.s3.S3Backend} lists (one level for storage.list, the whole tree for a sync), copies objects
 * to and from files with bounded parallelism (the async Netty client, multipart for large files), deletes, and
 * presigns URLs for transfers that run on a remote host; S3 errors become plain sentences here.
 */
package dev.labhand.storage.s3;
