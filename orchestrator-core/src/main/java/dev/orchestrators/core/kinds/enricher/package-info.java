/**
 * The enricher kind: adds what a tool knows about each upstream record (a company resolved from its domain, a
 * geocoded address) to that record. The record's own fields are kept (never overwritten) and each enriched record
 * gets an {@code enriched} provenance entry. Public API.
 *
 * <pre>{@code
 * Enricher company = Enricher.newBuilder("enrichment_service")   // the TOOL it calls, not a step name
 *     .name("resolve_company")                                 // optional: its name in steps and provenance
 *     .arguments(record -> Map.of("lead_id", record.key()))    // default: the record's fields plus "key"
 *     .allowPartial()                                          // a record that fails passes on; PARTIAL
 *     .build(context);
 * }</pre>
 *
 * {@link dev.orchestrators.core.kinds.enricher.Enricher} states the contract: records are enriched concurrently and
 * keep their input order, and without {@code allowPartial()} one record that cannot be enriched fails the run.
 */
package dev.orchestrators.core.kinds.enricher;
