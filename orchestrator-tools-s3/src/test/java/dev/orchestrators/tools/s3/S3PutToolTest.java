package dev.orchestrators.tools.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.core.errors.OrchestratorException;
import dev.orchestrators.core.errors.PermanentException;
import dev.orchestrators.core.errors.SaturatedException;
import dev.orchestrators.core.json.Json;
import dev.orchestrators.core.tool.Capability;
import dev.orchestrators.core.tool.ToolCall;
import dev.orchestrators.core.tool.ToolResult;
import dev.orchestrators.tools.AdapterMeters;
import dev.orchestrators.tools.ConfiguredTools;
import dev.orchestrators.tools.ToolSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The s3-put WRITE tool against a real S3 server: one object per idempotency key, hostile arguments, back-pressure. */
class S3PutToolTest extends OnLocalS3 {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private S3PutTool tool;

    @AfterEach
    void closeTool() {
        if (tool != null) {
            tool.close();
        }
    }

    private static Map<String, String> settings(String... extra) {
        Map<String, String> settings = new HashMap<>(Map.of("bucket", s3.bucket(), "endpoint", s3.endpoint().toString(),
                "path.style", "true", "access.key.id", "file:" + s3.accessKeyIdFile(),
                "secret.access.key", "file:" + s3.secretAccessKeyFile(), "key.template", "leads/{lead_id}/{idempotency_key}.json"));
        for (int i = 0; i < extra.length; i += 2) {
            settings.put(extra[i], extra[i + 1]);
        }
        return settings;
    }

    private S3PutTool open(Map<String, String> values) {
        return new S3PutFactory().create(ToolSettings.of("crm_archive", S3PutFactory.TYPE, values),
                AdapterMeters.of(registry, "crm_archive", S3PutFactory.TYPE), client);
    }

    private static ToolCall call(Object leadId, String idempotencyKey) {
        Map<String, Object> arguments = new LinkedHashMap<>();
        arguments.put("lead_id", leadId);
        arguments.put("email", "ada@example.com");
        if (idempotencyKey != null) {
            arguments.put("idempotency_key", idempotencyKey);
        }
        return new ToolCall("run-1", "lead_sync", "archive", "crm_archive", 1, arguments);
    }

    private static Throwable failure(CompletableFuture<?> future) {
        assertThat(future).failsWithin(java.time.Duration.ofSeconds(10));
        return dev.orchestrators.core.errors.FailureClassifier.unwrap(future.handle((ok, e) -> e).join());
    }

    @Test
    void shouldWriteTheArgumentsAsJsonUnderTheRenderedKey() throws Exception {
        // given
        tool = open(settings());

        // when
        ToolResult result = tool.invoke(call("L-1", "run-1:crm")).toCompletableFuture().get(10, TimeUnit.SECONDS);

        // then
        assertThat(tool.capability()).isEqualTo(Capability.WRITE);
        assertThat(result.fields()).containsEntry("bucket", s3.bucket()).containsEntry("key", "leads/L-1/run-1~3Acrm.json")
                .containsEntry("created", true);
        byte[] stored = s3.read(s3.bucket(), "leads/L-1/run-1~3Acrm.json").orElseThrow();
        assertThat(Json.mapper().readValue(stored, Map.class)).containsEntry("lead_id", "L-1").containsEntry("email", "ada@example.com");
    }

    @Test
    void shouldWriteOneObjectWhenTheSameCallIsRepeated() throws Exception {
        // given
        tool = open(settings("key.template", "repeat/{idempotency_key}.json"));

        // when the same side effect is performed three times
        for (int i = 0; i < 3; i++) {
            tool.invoke(call("L-2", "run-2:crm")).toCompletableFuture().get(10, TimeUnit.SECONDS);
        }

        // then
        assertThat(s3.keys()).filteredOn(k -> k.startsWith("repeat/")).containsExactly("repeat/run-2~3Acrm.json");
    }

    @Test
    void shouldKeepEveryHostileArgumentInOneSegmentOfTheTemplatesFolder() throws Exception {
        // given
        tool = open(settings("key.template", "hostile/{lead_id}/{idempotency_key}.json", "max.body.bytes", "4000000"));

        // when
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < ObjectKeysTest.HOSTILE.size(); i++) {
            ToolResult r = tool.invoke(call(ObjectKeysTest.HOSTILE.get(i), "k-" + i)).toCompletableFuture().get(10, TimeUnit.SECONDS);
            keys.add((String) r.field("key"));
        }

        // then each landed as hostile/<one segment>/k-<i>.json, all distinct
        assertThat(keys).doesNotHaveDuplicates().allSatisfy(k -> assertThat(k).matches("hostile/[A-Za-z0-9_~-]+/k-[0-9]+\\.json"));
        assertThat(s3.keys()).filteredOn(k -> k.startsWith("hostile/")).hasSameSizeAs(ObjectKeysTest.HOSTILE);
    }

    @Test
    void shouldRefuseACallThatCannotBeWrittenSafelyAndWriteNothing() {
        // given
        tool = open(settings("key.template", "refused/{lead_id}/{idempotency_key}.json", "max.body.bytes", "200"));

        // then
        assertThat(failure(tool.invoke(call("L-1", null)).toCompletableFuture()))
                .isInstanceOf(PermanentException.class).hasMessageContaining("idempotency_key");
        assertThat(failure(tool.invoke(call(null, "k")).toCompletableFuture())).isInstanceOf(PermanentException.class)
                .hasMessageContaining("refused").hasMessageContaining("'lead_id'");
        assertThat(failure(tool.invoke(call(Map.of("nested", 1), "k")).toCompletableFuture()))
                .hasMessageContaining("string, number or boolean");
        assertThat(failure(tool.invoke(call("\uD800", "k")).toCompletableFuture())).hasMessageContaining("lone surrogate");
        assertThat(failure(tool.invoke(call("x".repeat(300), "k")).toCompletableFuture()))
                .hasMessageContaining("max.body.bytes=200");
        assertThat(((OrchestratorException) failure(tool.invoke(call(null, "k")).toCompletableFuture())).type())
                .isEqualTo("InputRefused");
        assertThat(s3.keys()).noneMatch(k -> k.startsWith("refused/"));
    }

    @Test
    void shouldFailFastAsSaturatedBeyondPoolAndQueueAndNeverOnTheCallersThread() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            // given a tool with one connection and no waiting room, on a server that never answers
            tool = new S3PutFactory().create(ToolSettings.of("slow", S3PutFactory.TYPE, settings("endpoint",
                    "http://127.0.0.1:" + silent.getLocalPort(), "pool.size", "1", "queue.size", "0", "timeout.ms", "500")),
                    AdapterMeters.of(registry, "slow", S3PutFactory.TYPE));
            List<String> threads = new CopyOnWriteArrayList<>();
            tool.observeThreads(t -> threads.add(t.getName()));
            List<CompletableFuture<ToolResult>> calls = new ArrayList<>();
            Thread caller = new Thread(() -> {
                calls.add(tool.invoke(call("L-1", "a")).toCompletableFuture());
                calls.add(tool.invoke(call("L-1", "b")).toCompletableFuture());
            }, "flow-app-StreamThread-1");

            // when
            caller.start();
            caller.join(5000);

            // then the second fails at once, the first times out transiently, and no PUT ran on the caller
            assertThat(failure(calls.get(1))).isInstanceOf(SaturatedException.class).hasMessageContaining("pool.size");
            assertThat(((OrchestratorException) failure(calls.get(0))).type()).isEqualTo("Timeout");
            assertThat(threads).isNotEmpty().noneMatch(name -> name.contains("StreamThread"));
            assertThat(registry.get(AdapterMeters.SATURATED).tag("tool", "slow").counter().count()).isEqualTo(1);
            assertThat(tool.checkHealth().toCompletableFuture().get(5, TimeUnit.SECONDS).reachable()).isFalse();
        }
    }

    @Test
    void shouldBeConfiguredByItsTypeAndShowSecretsOnlyByReference() throws Exception {
        // given settings as a worker reads them
        Map<String, String> all = new HashMap<>();
        settings("key.template", "cfg/{idempotency_key}.json").forEach((k, v) -> all.put("tool.crm_archive." + k, v));
        all.put("tool.crm_archive.type", "s3-put");
        String secret = Files.readString(s3.secretAccessKeyFile()).trim();

        // when
        try (ConfiguredTools tools = ConfiguredTools.from(all)) {
            S3PutTool made = (S3PutTool) tools.find("crm_archive").orElseThrow();

            // then
            assertThat(made.checkHealth().toCompletableFuture().get(5, TimeUnit.SECONDS).reachable()).isTrue();
            assertThat(made.describe()).containsEntry("secret.access.key", "file:" + s3.secretAccessKeyFile());
            assertThat(made.describe().toString() + made).doesNotContain(secret);
        }
    }

    @Test
    void shouldRefuseATemplateThatCouldEscapeOrRepeatAtStartUp() {
        for (String bad : new String[] {"{lead_id}.json", "../{idempotency_key}", "/abs/{idempotency_key}",
                "a//{idempotency_key}", "a/./{idempotency_key}", "a b/{idempotency_key}", "{Bad}/{idempotency_key}"}) {
            assertThatThrownBy(() -> new S3PutFactory().create(ToolSettings.of("t", S3PutFactory.TYPE,
                    settings("key.template", bad)), AdapterMeters.of(registry, "t", S3PutFactory.TYPE), client)).as(bad)
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("tool.t.key.template");
        }
    }
}
