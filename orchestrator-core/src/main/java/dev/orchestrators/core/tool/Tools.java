package dev.orchestrators.core.tool;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * Adapters that turn plain functions into {@link Tool}s.
 *
 * <pre>{@code
 * Tool crm = Tools.blocking("crm_write", Capability.WRITE, call -> crmClient.upsert(call.arguments()), ioPool);
 * Tool lookup = Tools.inMemory("company_lookup", Capability.READ, call -> Map.of("company", "Acme"));
 * }</pre>
 */
public final class Tools {
    private Tools() {
    }

    /**
     * A tool whose function is fast and non-blocking (in-memory lookups, pure transforms); it runs on the
     * calling thread. Do not use this for I/O: use {@link #blocking} or implement {@link Tool} with an
     * asynchronous client.
     */
    public static Tool inMemory(String name, Capability capability, Function<ToolCall, Map<String, Object>> function) {
        Objects.requireNonNull(function, "function");
        return new FunctionTool(name, capability, call -> {
            try {
                return CompletableFuture.completedFuture(ToolResult.of(function.apply(call)));
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        });
    }

    /** A tool around a blocking function, run on {@code executor} so it never blocks a stream thread. */
    public static Tool blocking(String name, Capability capability, Function<ToolCall, Map<String, Object>> function,
                                Executor executor) {
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(executor, "executor");
        return new FunctionTool(name, capability,
                call -> CompletableFuture.supplyAsync(() -> ToolResult.of(function.apply(call)), executor));
    }

    /** A tool around an asynchronous function. */
    public static Tool async(String name, Capability capability,
                             Function<ToolCall, CompletionStage<ToolResult>> function) {
        return new FunctionTool(name, capability, function);
    }

    private record FunctionTool(String name, Capability capability,
                                Function<ToolCall, CompletionStage<ToolResult>> function) implements Tool {
        FunctionTool {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(capability, "capability");
        }

        @Override
        public CompletionStage<ToolResult> invoke(ToolCall call) {
            return function.apply(call);
        }

        @Override
        public String toString() {
            return "Tool[" + name + ", " + capability + "]";
        }
    }
}
