/**
 * Time that orchestrators wait on without holding a thread, so tests can control it. Public API.
 * {@link dev.orchestrators.core.time.Timer} is the SPI: it runs a task after a delay; an implementation is
 * thread-safe, and its tasks are short and never block (see its javadoc). Tool time-outs fire on the context's timer.
 * {@link dev.orchestrators.core.time.ManualTime} is a clock, a timer, a {@code DelayScheduler} and a
 * {@link dev.orchestrators.core.time.Sleeper} in one that stands still until a test advances it, shipped in main code
 * so users can drive time in their own tests. The few loops that must block until a deadline (the runtime waiting for
 * its flows to run, for in-flight runs to drain, for a cluster to answer) read the deadline from a clock and pause
 * through {@code Sleeper.of(clock)}: on {@code ManualTime} a pause moves time, so their tests never sleep.
 *
 * <pre>{@code
 * ManualTime time = ManualTime.startingAt(Instant.parse("2026-01-01T00:00:00Z"));
 * OrchestratorContext context = OrchestratorContext.newBuilder().time(time).tools(tools).build();
 * CompletionStage<Envelope> run = orchestrator.execute(payload, ExecutionOptions.defaults());
 * time.advance(Duration.ofSeconds(30));     // the tool's time-out fires now
 * }</pre>
 */
package dev.orchestrators.core.time;
