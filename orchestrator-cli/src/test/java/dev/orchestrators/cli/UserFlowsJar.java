package dev.orchestrators.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds, at test time, the jar a user would ship: one {@code FlowProvider} compiled from source against
 * the runtime's API only, registered in {@code META-INF/services}. The flow {@code greeting} is a coordinator
 * with one READ tool of its own; its record says hello to the payload's {@code name}.
 */
public final class UserFlowsJar {
    static final String PROVIDER = "com.example.flows.GreetingFlows";
    private static final String SOURCE = """
            package com.example.flows;

            import dev.orchestrators.core.flow.Flow;
            import dev.orchestrators.core.flow.FlowEnvironment;
            import dev.orchestrators.core.flow.FlowProvider;
            import dev.orchestrators.core.kinds.coordinator.Coordinator;
            import dev.orchestrators.core.orchestrator.Steps;
            import dev.orchestrators.core.tool.Capability;
            import dev.orchestrators.core.tool.InMemoryToolContainer;
            import dev.orchestrators.core.tool.Tools;
            import java.util.List;
            import java.util.Map;

            public final class GreetingFlows implements FlowProvider {
                @Override
                public List<Flow> flows(FlowEnvironment env) {
                    String greeting = env.get("greeting.word", "hello");
                    return List.of(Flow.newBuilder("greeting")
                            .description("says " + greeting)
                            .tools(InMemoryToolContainer.of(Tools.inMemory("greeter", Capability.READ,
                                    call -> Map.of("name", call.requireString("name"), "text", greeting + " " + call.requireString("name")))))
                            .orchestrator(ctx -> Coordinator.newBuilder("greeting")
                                    .capabilities(Capability.READ)
                                    .requirePayloadFields("name")
                                    .step(Steps.fetch("greet", "greeter", p -> Map.of("name", p.get("name")), "name"))
                                    .build(ctx))
                            .build());
                }
            }
            """;

    private UserFlowsJar() {
    }

    /** A provider that returns no flow at all (a user's first, empty attempt). */
    private static final String EMPTY_SOURCE = """
            package com.example.flows;

            import dev.orchestrators.core.flow.Flow;
            import dev.orchestrators.core.flow.FlowEnvironment;
            import dev.orchestrators.core.flow.FlowProvider;
            import java.util.List;

            public final class NoFlows implements FlowProvider {
                @Override
                public List<Flow> flows(FlowEnvironment env) {
                    return List.of();
                }
            }
            """;

    /** Compiles the provider against this test's class path and writes {@code <dir>/greeting-flows.jar}. */
    public static Path build(Path dir) throws IOException {
        return build(dir, "GreetingFlows", SOURCE, true);
    }

    /** {@code <dir>/no-flows.jar}: a registered provider whose list of flows is empty. */
    static Path withAnEmptyProvider(Path dir) throws IOException {
        return build(dir, "NoFlows", EMPTY_SOURCE, true);
    }

    /** {@code <dir>/unregistered-flows.jar}: the greeting provider's classes, but no services file naming it. */
    static Path withoutServicesFile(Path dir) throws IOException {
        return build(dir, "GreetingFlows", SOURCE, false);
    }

    private static Path build(Path dir, String simpleName, String source, boolean registered) throws IOException {
        Path work = dir.resolve(simpleName + (registered ? "" : "-unregistered"));
        Path src = work.resolve("src/com/example/flows/" + simpleName + ".java");
        Path classes = work.resolve("classes");
        Files.createDirectories(src.getParent());
        Files.createDirectories(classes);
        Files.writeString(src, source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int status = javac.run(null, null, null, "-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
                "--release", "17", src.toString());
        if (status != 0) {
            throw new IllegalStateException("the user's flow did not compile");
        }
        String name = simpleName.equals("GreetingFlows") ? (registered ? "greeting-flows.jar" : "unregistered-flows.jar") : "no-flows.jar";
        Path jar = dir.resolve(name);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
            if (registered) {
                out.putNextEntry(new JarEntry("META-INF/services/dev.orchestrators.core.flow.FlowProvider"));
                write(out, "com.example.flows." + simpleName + "\n");
                out.closeEntry();
            }
        }
        return jar;
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }

    static List<String> lines(String text) {
        return text.lines().toList();
    }
}
