/**
 * The {@code http} tool type: one endpoint of a JSON API per tool, on the JDK's asynchronous {@code HttpClient}.
 *
 * <pre>{@code
 * // settings, e.g. -D flags of bin/orchestrator run, or a Map in code
 * Map<String, String> settings = Map.of(
 *         "tool.enrichment_service.type", "http",
 *         "tool.enrichment_service.base.url", "https://companies.example.com/v1",
 *         "tool.enrichment_service.path", "/companies/{company_domain}",
 *         "tool.enrichment_service.query", "none",
 *         "tool.enrichment_service.auth", "bearer",
 *         "tool.enrichment_service.auth.token", "file:/run/secrets/companies-token");
 * try (ConfiguredTools tools = ConfiguredTools.from(settings)) {
 *     ToolContainer container = tools.over(sampleTools);   // the real tool replaces the sample of the same name
 * }
 * }</pre>
 *
 * <p>{@link dev.orchestrators.tools.http.HttpTool} states the contract; {@code docs/tools.md} has the settings, the
 * failure table and the idempotency rule.
 */
package dev.orchestrators.tools.http;
