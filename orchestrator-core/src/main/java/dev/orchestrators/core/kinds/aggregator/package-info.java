/**
 * The aggregator: calls several sources concurrently and merges their records into one envelope,
 * de-duplicated by key, with combined provenance and a per-source report; partial success is allowed.
 *
 * <pre>{@code
 * Aggregator leads = Aggregator.newBuilder("lead_search")
 *     .source("crm", "supabase_reader", p -> Map.of("email", p.get("email")), "lead_id")
 *     .source("vectors", "vector_search", p -> Map.of("query", p.get("email")), "lead_id")
 *     .dedupeByField("email")
 *     .timeout(Duration.ofSeconds(5))
 *     .build(context);
 * Envelope envelope = leads.run(payload);   // PARTIAL when a source failed or timed out
 * }</pre>
 */
package dev.orchestrators.core.kinds.aggregator;
