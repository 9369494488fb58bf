/**
 * S3 or any S3-compatible server (MinIO, Ceph, R2, S3Proxy) on the AWS SDK v2 asynchronous client: the archive (an
 * {@link dev.orchestrators.core.kinds.archiver.ArchiveStore}) and the {@code s3-put} tool.
 *
 * <pre>{@code
 * S3ArchiveSettings settings = S3ArchiveSettings.from(Map.of(
 *         "archive.s3.bucket", "acme-orchestrator-archive",
 *         "archive.s3.prefix", "prod/archive/",
 *         "archive.s3.access.key.id", "file:/run/secrets/s3-access-key-id",
 *         "archive.s3.secret.access.key", "file:/run/secrets/s3-secret-access-key"));
 * try (S3ArchiveStore store = S3ArchiveStore.newBuilder(settings).build()) {
 *     Orchestrator archived = Archiver.newBuilder(store).around(leadSync).build(context);
 *     archived.run(payload);          // completes once the envelope's batch object is in the bucket
 * }
 * }</pre>
 *
 * {@link dev.orchestrators.tools.s3.S3ArchiveStore} states the contract (batches, their names, durability,
 * de-duplication, threads); {@link dev.orchestrators.tools.s3.S3ArchiveSettings} lists the {@code archive.s3.*} keys;
 * {@link dev.orchestrators.tools.s3.S3ArchiveException} carries a failure's type and whether it is permanent.
 * {@link dev.orchestrators.tools.s3.S3PutTool} ({@code tool.<name>.type=s3-put}) is a WRITE tool storing its call's
 * arguments as a JSON object, named from the call's idempotency key.
 */
package dev.orchestrators.tools.s3;
