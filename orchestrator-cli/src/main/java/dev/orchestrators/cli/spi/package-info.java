/**
 * What a jar implements to add sub-commands to {@code orchestrator} without being part of its runnable jar:
 * {@link dev.orchestrators.cli.spi.CommandPlugin}. orchestrator-harness contributes {@code bench} and
 * {@code chaos} this way:
 *
 * <pre>
 * // src/main/java/com/example/HelloCommand.java
 * &#64;Command(name = "hello", mixinStandardHelpOptions = true, description = "Say hello.")
 * public final class HelloCommand implements Callable&lt;Integer&gt;, CommandPlugin {
 *     public Integer call() {
 *         System.out.println("hello");
 *         return 0;
 *     }
 * }
 *
 * // src/main/resources/META-INF/services/dev.orchestrators.cli.spi.CommandPlugin
 * com.example.HelloCommand
 *
 * // then: java -cp orchestrator-cli-0.1.0-SNAPSHOT-all.jar:hello.jar dev.orchestrators.cli.OrchestratorCommand hello
 * </pre>
 */
package dev.orchestrators.cli.spi;
