package dev.orchestrators.streams.internals.shapes;

import dev.orchestrators.core.kinds.router.RouteDecision;
import dev.orchestrators.core.kinds.router.Router;
import dev.orchestrators.core.orchestrator.RunOutcome;
import dev.orchestrators.streams.Headers;
import dev.orchestrators.streams.TopicNames;
import dev.orchestrators.streams.internals.engine.FlowSpec;
import dev.orchestrators.streams.internals.engine.Output;
import dev.orchestrators.streams.internals.engine.PendingRequest;
import dev.orchestrators.streams.serde.Json;
import dev.orchestrators.streams.serde.Request;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * A router's task: decides each request's route (rules, then the classifier tool, asynchronously and in key
 * order like every kind) and passes the request to the chosen sub-flow's request topic with a
 * {@code reply_to} header naming the router's result topic, where the sub-flow answers. The decision is
 * audited; a request no route matches is answered here with a FAILED {@code NoRoute} envelope.
 */
final class RouterProcessor extends RequestProcessor<Router> {

    public RouterProcessor(FlowSpec spec) {
        super(spec, Router.class);
    }






    /** Writes the request, unchanged, to the sub-flow's request topic, with where to answer and why. */
    @Override
    protected boolean routed(PendingRequest pending, RunOutcome.Routed routed) {
        pass(pending, routed.decision());
        return true;
    }

    private void pass(PendingRequest pending, RouteDecision decision) {
        byte[] value;
        String topic = TopicNames.requests(decision.flow());
        try {
            // In the sub-flow's wire format, which may not be the router's.
            value = spec.wire().of(decision.flow()).serializeRequest(topic, new Request(pending.runId(), pending.payload()));
        } catch (RuntimeException e) {
            deadLetter(pending, e);
            return;
        }
        RecordHeaders headers = runHeaders(pending);
        headers.add(Headers.REPLY_TO, Headers.utf8(spec.results()));
        headers.add(Headers.ROUTED_BY, Headers.utf8(spec.name()));
        headers.add(Headers.ROUTE, Headers.utf8(decision.route()));
        try {
            headers.add(Headers.ROUTE_DECISION, Json.mapper().writeValueAsBytes(decision.toDetails()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            deadLetter(pending, e);
            return;
        }
        forward(pending.key(), Output.to(topic, value), pending.timestamp(), headers);
        forwardAudit(pending, null, null);
    }
}
