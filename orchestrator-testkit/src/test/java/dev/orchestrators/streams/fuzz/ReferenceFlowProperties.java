package dev.orchestrators.streams.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.flow.Flow;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.runtime.Registry;
import dev.orchestrators.core.time.ManualTime;
import dev.orchestrators.samples.SampleEnvironment;
import dev.orchestrators.samples.SampleFlows;
import dev.orchestrators.streams.FlowPlan;
import dev.orchestrators.streams.Headers;
import dev.orchestrators.streams.TopicNames;
import dev.orchestrators.streams.internals.engine.DeadLetters;
import dev.orchestrators.streams.internals.shapes.FlowTopologies;
import dev.orchestrators.testkit.FlowTestDriver;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.test.TestRecord;

/**
 * Every reference flow, on its real topology, fed generated requests: its own valid requests with fields
 * dropped, retyped, replaced by odd JSON or added, plus JSON of the wrong shape and text that is not JSON.
 * Whatever comes in, each request is answered exactly once (an envelope, a routed request, or a dead letter)
 * and its key's lane goes on: a valid request sent after them on every key is answered.
 */
class ReferenceFlowProperties {
    private static final Instant START = Instant.parse("2026-01-01T09:00:00Z");

    /** A valid payload for each reference flow, which the generator then mutates. */
    private static final Map<String, Map<String, Object>> VALID = Map.of(
            "lead_sync", Map.of("lead_id", "L-1001"),
            "support_triage", Map.of("from", "ada@acme.example", "subject", "Pricing for 40 seats", "body", "A quote?"),
            "lead_intake", Map.of("from", "ada@acme.example", "subject", "Pricing for 40 seats", "body", "A quote?"),
            "support_ticket", Map.of("from", "grace@globex.example", "subject", "Cannot log in", "body", "Reset fails"),
            "account_provisioning", Map.of("account_id", "A-1", "email", "a1@acme.example", "plan", "team"),
            "followup_reminder", Map.of("delay", "PT2S", "key", "L-1003", "job", Map.of("lead_id", "L-1003")),
            "company_search", Map.of("query", "acme"));

    private static final List<Flow> FLOWS = SampleFlows.all(SampleEnvironment.immediate());
    private static final Map<String, FlowPlan> PLANS = FlowPlan.of(registry(), OrchestratorContext.newBuilder().build(),
            TopicNames.AUDIT);

    private static Registry registry() {
        Registry.Builder b = Registry.newBuilder();
        FLOWS.forEach(b::register);
        return b.build();
    }

    /** One generated request: its key (null sometimes) and its value as sent. */
    record Input(String key, String value) {
    }

    /** A flow and the requests sent to it. */
    record Case(String flow, List<Input> inputs) {
    }

    @Provide
    Arbitrary<String> flows() {
        return Arbitraries.of(VALID.keySet().stream().sorted().toList());
    }

    @Provide
    Arbitrary<List<Map.Entry<String, Object>>> mutations() {
        Arbitrary<Map.Entry<String, Object>> one = Combinators.combine(
                Arbitraries.oneOf(Arbitraries.of("lead_id", "from", "subject", "body", "account_id", "email", "plan", "delay",
                        "key", "job", "query", "target", "run_id"), Arbitraries.strings().ofMaxLength(8)),
                Arbitraries.oneOf(HostileBytes.jsonValues(2), Arbitraries.just(Drop.FIELD),
                        Arbitraries.strings().ofMinLength(1_000).ofMaxLength(5_000).map(s -> (Object) s),
                        Arbitraries.of("PT0S", "-PT1H", "P9999999999D", "PT2S", "not-a-duration", "legacy", "team", "acme outage")
                                .map(s -> (Object) s)))
                .as(java.util.AbstractMap.SimpleEntry::new);
        return one.list().ofMaxSize(3);
    }

    /** A mutation that removes the field. */
    private enum Drop { FIELD }

    @Property(tries = 120)
    void shouldAnswerEveryRequestExactlyOnceAndKeepEveryLaneGoing(@ForAll("cases") Case generatedCase) {
        String flow = generatedCase.flow();
        List<Input> generated = generatedCase.inputs();
        ManualTime time = ManualTime.startingAt(START);
        Flow definition = FLOWS.stream().filter(f -> f.name().equals(flow)).findFirst().orElseThrow();
        FlowPlan plan = PLANS.get(flow);
        try (FlowTestDriver driver = FlowTestDriver.newBuilder(definition).time(time)
                .replyTopics(plan.replyTopics().toArray(String[]::new)).build()) {
            List<Input> inputs = new ArrayList<>(generated);
            generated.stream().map(Input::key).filter(java.util.Objects::nonNull).distinct().forEach(key ->
                    inputs.add(new Input(key, request("valid-after-" + key, VALID.get(flow)))));
            for (Input input : inputs) {
                driver.requests().pipeInput(new TestRecord<>(input.key(), input.value(), time.instant()));
            }
            settle(driver);

            Map<Integer, Integer> answers = answersByInput(driver, flow, plan, inputs);
            for (int i = 0; i < inputs.size(); i++) {
                assertThat(answers.getOrDefault(i, 0))
                        .as("answers to request %d of %s: %s", i, flow, inputs.get(i))
                        .isEqualTo(1);
            }
        }
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<String> keys = Arbitraries.of("k-1", "k-2", "k-3").injectNull(0.1);
        return flows().flatMap(flow -> Combinators.combine(keys, value(flow)).as(Input::new).list().ofMinSize(1).ofMaxSize(8)
                .map(inputs -> new Case(flow, withRunIds(inputs))));
    }

    /** Generated values carry a placeholder run id; each gets its own, so answers can be told apart. */
    private static List<Input> withRunIds(List<Input> inputs) {
        List<Input> out = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            out.add(new Input(inputs.get(i).key(), inputs.get(i).value().replace("\"RUN\"", "\"fz-" + i + "\"")));
        }
        return out;
    }

    /** Values for {@code flow}: mostly its own valid request mutated, sometimes another flow's, other JSON, or not JSON. */
    private Arbitrary<String> value(String flow) {
        Arbitrary<String> payloadOf = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(5, Arbitraries.just(flow)),
                net.jqwik.api.Tuple.of(1, flows()));
        Arbitrary<String> mutated = Combinators.combine(payloadOf, mutations()).as((of, changes) -> {
            Map<String, Object> payload = new LinkedHashMap<>(VALID.get(of));
            for (Map.Entry<String, Object> change : changes) {
                if (change.getValue() == Drop.FIELD) {
                    payload.remove(change.getKey());
                } else {
                    payload.put(change.getKey(), change.getValue());
                }
            }
            return request("RUN", payload);
        });
        Arbitrary<String> otherShape = HostileBytes.jsonValues(3).map(v -> new String(HostileBytes.json(v), StandardCharsets.UTF_8));
        Arbitrary<String> payloadNotAnObject = HostileBytes.jsonValues(1)
                .map(v -> "{\"run_id\":\"RUN\",\"payload\":" + new String(HostileBytes.json(v), StandardCharsets.UTF_8) + "}");
        Arbitrary<String> notJson = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(30),
                mutated.map(s -> s.substring(0, s.length() / 2)));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, mutated),
                net.jqwik.api.Tuple.of(1, otherShape),
                net.jqwik.api.Tuple.of(1, payloadNotAnObject),
                net.jqwik.api.Tuple.of(1, notJson));
    }

    private static String request(String runId, Map<String, Object> payload) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("run_id", runId);
        request.put("payload", payload);
        return new String(HostileBytes.json(request), StandardCharsets.UTF_8);
    }

    /** Lets retries, time-outs, compensations and scheduled jobs play out in test time. */
    private static void settle(FlowTestDriver driver) {
        for (int i = 0; i < 40; i++) {
            driver.tick(Duration.ofSeconds(1));
        }
        driver.tick(Duration.ofHours(1));
        driver.tick(Duration.ofSeconds(1));
    }

    /** How many answers each input (by its position, which is its offset) got. */
    private static Map<Integer, Integer> answersByInput(FlowTestDriver driver, String flow, FlowPlan plan, List<Input> inputs) {
        Map<String, Integer> byRunId = new HashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            byRunId.put("fz-" + i, i);
            byRunId.put(TopicNames.requests(flow) + "-0-" + i, i); // the run id of a request that names none
        }
        for (Input input : inputs) {
            if (input.value().contains("\"valid-after-")) {
                byRunId.put(input.value().replaceAll(".*\"run_id\":\"(valid-after-[^\"]*)\".*", "$1"), inputs.indexOf(input));
            }
        }
        Map<Integer, Integer> answers = new HashMap<>();
        for (Envelope envelope : driver.results().readValuesToList()) {
            count(answers, byRunId, envelope.metadata().runId(), "envelope");
        }
        if (plan.shape() == dev.orchestrators.streams.FlowShape.ROUTER) {
            for (String topic : plan.outputs()) {
                if (topic.endsWith(".requests")) {
                    for (TestRecord<String, String> routed : driver.topic(topic).readRecordsToList()) {
                        count(answers, byRunId, header(routed.headers().lastHeader(Headers.RUN_ID)), "routed request");
                    }
                }
            }
        }
        for (TestRecord<byte[], byte[]> dead : driver.deadLetters().readRecordsToList()) {
            String runId = header(dead.headers().lastHeader(Headers.RUN_ID));
            if (runId != null) {
                count(answers, byRunId, runId, "dead letter");
            } else {
                answers.merge(Integer.parseInt(header(dead.headers().lastHeader(DeadLetters.STREAMS_OFFSET))), 1, Integer::sum);
                Statistics.label("answers").collect("dead letter of an unreadable request");
            }
        }
        return answers;
    }

    private static void count(Map<Integer, Integer> answers, Map<String, Integer> byRunId, String runId, String what) {
        Integer input = byRunId.get(runId);
        assertThat(input).as("the %s of run %s answers one of the requests sent", what, runId).isNotNull();
        answers.merge(input, 1, Integer::sum);
        Statistics.label("answers").collect(what);
    }

    private static String header(Header header) {
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
