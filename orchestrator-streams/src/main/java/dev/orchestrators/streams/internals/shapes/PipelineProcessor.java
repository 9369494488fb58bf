package dev.orchestrators.streams.internals.shapes;

import dev.orchestrators.core.orchestrator.Orchestrator;
import dev.orchestrators.streams.internals.engine.FlowSpec;
import dev.orchestrators.streams.internals.engine.RunEngine;

/**
 * Runs a flow whose orchestrator answers in process (a coordinator, an aggregator, a transformer, ...): each
 * request's envelope goes to the flow's results (and to the router that routed it here, if any), its audit
 * records to the audit topic. See {@link RunEngine} for admission, order, retries and crashes.
 */
final class PipelineProcessor extends RequestProcessor<Orchestrator> {

    public PipelineProcessor(FlowSpec spec) {
        super(spec, Orchestrator.class);
    }





}
