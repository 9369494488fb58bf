/**
 * The one Jackson configuration of the wire format ({@link dev.orchestrators.core.json.Json#mapper()}): snake_case
 * fields as the records annotate them, ISO-8601 instants, unknown fields ignored. Public: use it to read or write
 * envelopes, payloads and audit records as JSON exactly as the runtime does; the Kafka serdes, the archive and the
 * command line share it. The mapper is shared: {@code copy()} it rather than reconfigure it.
 */
package dev.orchestrators.core.json;
