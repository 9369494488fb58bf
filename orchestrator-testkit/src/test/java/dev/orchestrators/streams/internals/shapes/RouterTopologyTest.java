package dev.orchestrators.streams.internals.shapes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrators.core.audit.AuditKind;
import dev.orchestrators.core.audit.AuditRecord;
import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.envelope.RunStatus;
import dev.orchestrators.core.flow.Flow;
import dev.orchestrators.core.kinds.router.Router;
import dev.orchestrators.samples.SampleEnvironment;
import dev.orchestrators.samples.SupportTriageSample;
import dev.orchestrators.streams.Headers;
import dev.orchestrators.streams.TopicNames;
import dev.orchestrators.streams.serde.JsonSerde;
import dev.orchestrators.testkit.FlowTestDriver;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** The router's branching topology, and the reply path of the sub-flow it routes to. */
class RouterTopologyTest {
    private final SampleEnvironment env = SampleEnvironment.immediate();

    @Test
    void shouldPassARequestToTheChosenSubFlowWithWhereToReply() {
        try (FlowTestDriver router = FlowTestDriver.newBuilder(SupportTriageSample.router(env)).build()) {
            // when
            router.send("ada@acme.example", "{\"run_id\":\"r-1\",\"payload\":{\"from\":\"ada@acme.example\","
                    + "\"subject\":\"Pricing\",\"body\":\"a quote please\"}}");
            router.tick(java.time.Duration.ofMillis(10));

            // then the request goes on, unchanged, to lead_intake; the router answers nothing itself
            List<TestRecord<String, String>> passed = router.topic(TopicNames.requests("lead_intake")).readRecordsToList();
            assertThat(passed).singleElement().satisfies(record -> {
                assertThat(record.key()).isEqualTo("ada@acme.example");
                assertThat(record.value()).contains("\"run_id\":\"r-1\"").contains("Pricing");
                assertThat(Headers.lastValue(record.headers(), Headers.REPLY_TO)).isEqualTo("support_triage.results");
                assertThat(Headers.lastValue(record.headers(), Headers.ROUTED_BY)).isEqualTo("support_triage");
                assertThat(Headers.lastValue(record.headers(), Headers.ROUTE)).isEqualTo("lead");
                assertThat(Headers.lastValue(record.headers(), Headers.RUN_ID)).isEqualTo("r-1");
            });
            assertThat(router.topic(TopicNames.requests("support_ticket")).isEmpty()).isTrue();
            assertThat(router.results().isEmpty()).isTrue();
            assertThat(router.audit().readValuesToList()).extracting(AuditRecord::kind).containsExactly(AuditKind.ROUTE);
        }
    }

    @Test
    void shouldAskTheClassifierWhenNoRuleMatches() {
        try (FlowTestDriver router = FlowTestDriver.newBuilder(SupportTriageSample.router(env)).build()) {
            // when
            router.send("g", "{\"run_id\":\"r-2\",\"payload\":{\"from\":\"g@globex.example\",\"subject\":\"login\",\"body\":\"help\"}}");
            router.tick(java.time.Duration.ofMillis(10));

            // then
            assertThat(router.topic(TopicNames.requests("support_ticket")).readValuesToList()).hasSize(1);
            AuditRecord decision = router.audit().readValue();
            assertThat(decision.details()).containsEntry("route", "support");
            assertThat(String.valueOf(decision.details().get("reason"))).contains("classifier 'email_classifier' said 'support'");
        }
    }

    @Test
    void shouldAnswerARequestNoRouteMatchesWithAFailedEnvelopeNotADrop() {
        // given a router with one rule and no classifier or default
        Flow strict = Flow.newBuilder("strict_router").orchestrator(ctx -> Router.newBuilder("strict_router")
                .route("vip", "vip_flow").rule("vip", p -> "gold".equals(p.get("tier"))).build(ctx)).build();
        try (FlowTestDriver router = FlowTestDriver.newBuilder(strict).build()) {
            // when
            router.send("k", "{\"run_id\":\"r-3\",\"payload\":{\"tier\":\"bronze\"}}");

            // then
            Envelope envelope = router.results().readValue();
            assertThat(envelope.status()).isEqualTo(RunStatus.FAILED);
            assertThat(envelope.metadata().error().type()).isEqualTo("NoRoute");
            assertThat(envelope.metadata().error().message()).contains("no rule matched").contains("[vip]");
            assertThat(envelope.metadata().details()).containsKey("route");
            assertThat(router.topic(TopicNames.requests("vip_flow")).isEmpty()).isTrue();
            assertThat(router.audit().readValuesToList()).extracting(AuditRecord::kind)
                    .containsExactly(AuditKind.ROUTE, AuditKind.ENVELOPE);
        }
    }

    @Test
    void shouldAnswerOnTheRoutersResultTopicWhenTheReplyToIsARouterThatRoutesHere() {
        try (FlowTestDriver intake = FlowTestDriver.newBuilder(SupportTriageSample.leadIntake(env))
                .replyTopics("support_triage.results").build()) {
            // when the router's request arrives with its headers
            intake.requests().pipeInput(routed("r-4", "support_triage.results"));

            // then the same envelope is on both result topics, with the route in its metadata
            Envelope own = intake.results().readValue();
            var reply = intake.topic("support_triage.results").readRecord();
            Envelope replied = JsonSerde.envelope().deserializer().deserialize("t", reply.value().getBytes(StandardCharsets.UTF_8));
            assertThat(replied).isEqualTo(own);
            assertThat(replied.status()).isEqualTo(RunStatus.OK);
            assertThat(replied.metadata().details().get("route"))
                    .isEqualTo(Map.of("router", "support_triage", "route", "lead", "flow", "lead_intake"));
            assertThat(reply.key()).isEqualTo("ada@acme.example");
        }
    }

    @Test
    void shouldIgnoreAReplyToNoRouterRoutingHereAnswersOn() {
        try (FlowTestDriver intake = FlowTestDriver.newBuilder(SupportTriageSample.leadIntake(env))
                .replyTopics("support_triage.results").build()) {
            // when a request asks for a reply on an arbitrary topic
            intake.requests().pipeInput(routed("r-5", "payments.results"));

            // then it is answered on the flow's own results only
            assertThat(intake.results().readValue().metadata().details()).doesNotContainKey("route");
            assertThat(intake.driver().producedTopicNames()).doesNotContain("payments.results");
        }
    }

    private static TestRecord<String, String> routed(String runId, String replyTo) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(Headers.REPLY_TO, Headers.utf8(replyTo));
        headers.add(Headers.ROUTED_BY, Headers.utf8("support_triage"));
        headers.add(Headers.ROUTE, Headers.utf8("lead"));
        return new TestRecord<>("ada@acme.example", "{\"run_id\":\"" + runId + "\",\"payload\":{\"from\":\"ada@acme.example\","
                + "\"subject\":\"Pricing\",\"body\":\"a quote\"}}", headers, (java.time.Instant) null);
    }
}
