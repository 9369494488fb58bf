package dev.orchestrators.cli.spi;

/**
 * A sub-command of {@code orchestrator} that ships in a jar of its own rather than in the command line's
 * runnable jar: {@code bench} and {@code chaos} of orchestrator-harness are two.
 *
 * <p>An implementation is a picocli command: a public class annotated with
 * {@link picocli.CommandLine.Command @Command} (whose {@code name} becomes the sub-command's name), with a public
 * no-argument constructor, listed in {@code META-INF/services/dev.orchestrators.cli.spi.CommandPlugin} of its jar.
 * When that jar is on the class path, {@code orchestrator} adds one new instance of each listed class as a
 * sub-command, after its own and in the order the services files list them; a plugin is not consulted otherwise.
 *
 * <p>At start-up, {@code orchestrator} fails with an {@link IllegalStateException} naming the class when a listed
 * class is not annotated with {@code @Command} or its name is already taken (by a core command or another plugin),
 * and with a {@link java.util.ServiceConfigurationError} when it cannot be loaded or instantiated. Worker processes
 * a plugin starts (with {@code java -cp <java.class.path> dev.orchestrators.cli.OrchestratorCommand ...}) find the
 * same plugins, as they run on the same class path.
 */
public interface CommandPlugin {
}
