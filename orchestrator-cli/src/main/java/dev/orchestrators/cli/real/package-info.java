/**
 * The real systems of {@code demo --real}: {@link dev.orchestrators.cli.real.LocalSystems} starts, on this machine,
 * the PostgreSQL, SMTP, S3 and company-API servers of {@code orchestrator-local-servers} with the reference flows'
 * tables and sample data, and gives the {@code tool.<name>.*} settings that point the reference flows at them,
 * exactly as a user points them at their own systems. Not API: used by {@code demo --real}, the real-tools workload
 * of orchestrator-harness's bench and the integration tests; not for production.
 */
package dev.orchestrators.cli.real;
