/**
 * Real servers started on this machine, on the loopback interface and free ports, for tests, the bench and
 * {@code demo --real}: PostgreSQL from the machine's own binaries
 * ({@link dev.orchestrators.localservers.LocalPostgres}),
 * SMTP ({@link dev.orchestrators.localservers.LocalSmtp}, on GreenMail, and
 * {@link dev.orchestrators.localservers.FaultySmtpServer}, scripted to fail at a chosen stage), S3
 * ({@link dev.orchestrators.localservers.LocalS3}, on S3Proxy), a scriptable HTTP server
 * ({@link dev.orchestrators.localservers.LocalHttpServer}) and the company API of the reference flows
 * ({@link dev.orchestrators.localservers.LocalCompanyApi}).
 *
 * <p>Test support, not runtime API and not for production: the adapter modules' tests and the command line use it.
 * Each server is {@code AutoCloseable}. {@link dev.orchestrators.localservers.LocalPostgres} (which needs the
 * machine's server binaries) and {@link dev.orchestrators.localservers.LocalS3} (which needs S3Proxy on the class
 * path) say through {@code unavailableReason()} why they cannot start, so a test can skip rather than fail.
 *
 * <pre>{@code
 * try (LocalHttpServer server = LocalHttpServer.start()) {
 *     server.script("/companies/acme", Reply.unavailable(), Reply.json("{\"name\":\"Acme\"}"));
 *     // the first request to server.baseUrl() + "/companies/acme" gets 503, every later one the JSON
 * }
 * }</pre>
 */
package dev.orchestrators.localservers;
