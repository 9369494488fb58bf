/**
 * The {@code orchestrator} command line, started by {@code bin/orchestrator}: {@code run}, {@code flows},
 * {@code tools}, {@code broker}, {@code demo}, {@code publish}, {@code tail}, {@code replay}, {@code topics} and
 * {@code acls}, each a picocli command of its own ({@code <Name>Command}), plus the commands that plugins on the class
 * path add through {@link dev.orchestrators.cli.spi.CommandPlugin} ({@code bench} and {@code chaos} of
 * orchestrator-harness; {@code CommandPlugins} stands in for them when that jar is missing).
 * {@link dev.orchestrators.cli.OrchestratorCommand} is the entry point ({@code main}).
 *
 * <p>Not API: the commands, their options and their output are the interface; the classes are package-private except
 * the entry point and {@link dev.orchestrators.cli.BrokerCommand} (whose ready line orchestrator-harness's chaos run
 * waits for). The commands use the runtime's public API only: an ArchUnit rule keeps them off {@code internals} and
 * {@code core.internal}. The commands that load flows ({@code FlowOptions}) take settings from {@code -D key=value}
 * and from {@code ORCHESTRATOR_*} environment variables ({@code EnvironmentSettings}).
 *
 * <pre>
 * bin/orchestrator demo                                   # every reference flow on an embedded broker
 * bin/orchestrator run --flows-jar my-flows.jar --bootstrap-servers kafka:9092
 * bin/orchestrator flows                                  # each flow's shape, topics, stores and tools
 * </pre>
 */
package dev.orchestrators.cli;
