package com.example.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.envelope.EnvelopeRecord;
import dev.orchestrators.core.envelope.RunStatus;
import dev.orchestrators.core.testing.FakeTool;
import dev.orchestrators.core.time.ManualTime;
import dev.orchestrators.core.tool.Capability;
import dev.orchestrators.core.tool.InMemoryToolContainer;
import dev.orchestrators.testkit.FlowTestDriver;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The order_status flow on its real topology, without a broker, with time under the test's control. */
class OrderStatusFlowTest {
    private final FakeTool shipping = FakeTool.returning(OrderFlows.SHIPPING_ESTIMATE, Capability.READ, Map.of("eta_days", 2));
    private final ManualTime time = ManualTime.startingAt(Instant.parse("2026-01-01T00:00:00Z"));
    private FlowTestDriver flow;

    @BeforeEach
    void startTheFlow() {
        InMemoryToolContainer tools = InMemoryToolContainer.of(OrderLookup.withSampleOrders(), shipping);
        flow = FlowTestDriver.newBuilder(OrderFlows.orderStatus(tools)).time(time).build();
    }

    @AfterEach
    void closeTheFlow() {
        flow.close();
    }

    @Test
    void shouldAnswerWithTheOrderAndItsDeliveryEstimate() {
        // when
        flow.send("O-1", "{\"run_id\": \"r-1\", \"payload\": {\"order_id\": \"O-1\"}}");

        // then
        Envelope envelope = flow.results().readValue();
        assertEquals("r-1", envelope.runId());
        assertEquals(RunStatus.OK, envelope.status());
        EnvelopeRecord order = envelope.records().get(0);
        assertEquals("O-1", order.key());
        assertEquals("shipped", order.field("status"));
        assertEquals(2, order.field("eta_days"));
        assertEquals("FR", shipping.calls().get(0).argument("country"));
    }

    @Test
    void shouldRefuseAnOrderIdThatIsNotAString() {
        // when: requirePayloadFields wants a non-blank string
        flow.send("O-1", "{\"run_id\": \"r-2\", \"payload\": {\"order_id\": 1}}");

        // then
        Envelope envelope = flow.results().readValue();
        assertEquals(RunStatus.FAILED, envelope.status());
        assertEquals("InvalidPayload", envelope.metadata().error().type());
        assertEquals(0, shipping.callCount());
    }

    @Test
    void shouldFailAnUnknownOrderWithoutEstimatingIt() {
        // when
        flow.send("O-404", "{\"run_id\": \"r-3\", \"payload\": {\"order_id\": \"O-404\"}}");

        // then
        Envelope envelope = flow.results().readValue();
        assertEquals(RunStatus.FAILED, envelope.status());
        assertEquals("UnknownOrder", envelope.metadata().error().type());
        assertEquals(0, shipping.callCount());
    }

    @Test
    void shouldRetryTheEstimateWhenTheShippingServiceIsDown() {
        // given
        shipping.failTransiently(1);

        // when
        flow.send("O-2", "{\"run_id\": \"r-4\", \"payload\": {\"order_id\": \"O-2\"}}");

        // then: nothing until the back-off has passed on the test's clock
        assertTrue(flow.results().isEmpty());
        flow.tick(Duration.ofSeconds(1));
        Envelope envelope = flow.results().readValue();
        assertEquals(RunStatus.OK, envelope.status());
        assertEquals(2, shipping.callCount());
    }
}
