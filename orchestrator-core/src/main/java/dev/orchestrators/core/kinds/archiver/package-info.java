/**
 * The archiver kind: final envelopes persisted to long-term storage before a run is acknowledged.
 *
 * <pre>{@code
 * FileArchiveStore store = FileArchiveStore.newBuilder(Path.of("/var/lib/orchestrators/archive")).build();
 * Orchestrator archived = Archiver.newBuilder(store).around(leadSync).build(context);
 * Envelope envelope = archived.run(payload);      // leadSync's envelope, durable in the archive by now
 * List<ArchiveEntry> all = FileArchiveStore.readAll(store.directory());
 * }</pre>
 *
 * {@link dev.orchestrators.core.kinds.archiver.ArchiveStore} is the contract a storage back end keeps;
 * {@link dev.orchestrators.core.kinds.archiver.InMemoryArchiveStore} is the scriptable fake for tests.
 */
package dev.orchestrators.core.kinds.archiver;
