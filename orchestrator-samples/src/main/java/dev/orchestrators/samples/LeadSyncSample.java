package dev.orchestrators.samples;

import dev.orchestrators.core.flow.Flow;
import dev.orchestrators.core.kinds.coordinator.Coordinator;
import dev.orchestrators.core.kinds.delivery.DeliveryOrchestrator;
import dev.orchestrators.core.kinds.enricher.Enricher;
import dev.orchestrators.core.orchestrator.Orchestrator;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.orchestrator.OrchestratorSettings;
import dev.orchestrators.core.orchestrator.Steps;
import dev.orchestrators.core.retry.RetryPolicy;
import dev.orchestrators.core.runtime.Registry;
import dev.orchestrators.core.tool.Capability;
import dev.orchestrators.core.tool.InMemoryToolContainer;
import dev.orchestrators.core.tool.Tools;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The reference flow {@code lead_sync}: fetch the lead ({@code data_coordinator} tool), resolve its
 * company ({@code enricher} over the {@code enrichment_service} tool), deliver it ({@code delivery},
 * gated by {@code allow_delivery}, off by default). Payload: {@code {"lead_id": "<any id>"}}.
 *
 * <p>It is assembled exactly as a user assembles their own flow: a {@link Coordinator} of steps,
 * registered by name, with tools injected through the context's {@code ToolContainer}. Give it
 * {@link SampleTools} for a self-contained demo, or real adapters under the same tool names.
 */
public final class LeadSyncSample {
    /** The flow's name: topics {@code lead_sync.requests}, {@code lead_sync.results}, {@code lead_sync.dlq}. */
    public static final String FLOW = "lead_sync";

    private LeadSyncSample() {
    }

    /** Creates the {@code lead_sync} coordinator with the tools and services of {@code context}. */
    public static Orchestrator create(OrchestratorContext context) {
        return create(context, OrchestratorSettings.DEFAULT_TOOL_TIMEOUT);
    }

    /** {@code lead_sync} whose tool calls time out after {@code toolTimeout}. */
    public static Orchestrator create(OrchestratorContext context, Duration toolTimeout) {
        return create(context, toolTimeout, RetryPolicy.ofDefaults());
    }

    /** {@code lead_sync} whose tool calls time out after {@code toolTimeout} and are retried as {@code retryPolicy} says. */
    public static Orchestrator create(OrchestratorContext context, Duration toolTimeout, RetryPolicy retryPolicy) {
        Enricher enricher = Enricher.newBuilder(SampleTools.ENRICHMENT)
                .toolTimeout(toolTimeout)
                .retryPolicy(retryPolicy)
                .arguments(record -> {
                    Map<String, Object> args = new LinkedHashMap<>();
                    args.put("lead_id", record.key());
                    args.put("company_domain", record.field("company_domain"));
                    return args;
                })
                .build(context);
        DeliveryOrchestrator delivery = DeliveryOrchestrator.newBuilder(SampleTools.DELIVERY).toolTimeout(toolTimeout)
                .retryPolicy(retryPolicy).build(context);
        return Coordinator.newBuilder(FLOW)
                .capabilities(Capability.READ)
                .toolTimeout(toolTimeout)
                .retryPolicy(retryPolicy)
                .requirePayloadFields("lead_id")
                .step(Steps.fetch("fetch_lead", SampleTools.DATA_COORDINATOR,
                        payload -> Map.of("lead_id", payload.get("lead_id")), "lead_id"))
                .step(enricher)
                .step(delivery)
                .build(context);
    }

    /** {@code lead_sync} with its sample tools, behaving as {@code env} says. */
    public static Flow flow(SampleEnvironment env) {
        return Flow.newBuilder(FLOW)
                .description("fetch a lead, resolve its company, deliver it (gated by allow_delivery)")
                .tools(InMemoryToolContainer.of(
                        env.tool(Tools.inMemory(SampleTools.DATA_COORDINATOR, Capability.READ, SampleTools::fetchLead)),
                        env.tool(Tools.inMemory(SampleTools.ENRICHMENT, Capability.READ, SampleTools::enrichCompany)),
                        env.tool(Tools.inMemory(SampleTools.DELIVERY, Capability.SEND, env.systems()::deliver))))
                .orchestrator(ctx -> create(ctx, env.toolTimeout(), env.retryPolicy()))
                .build();
    }

    /** Registers {@code lead_sync} in {@code registry}. */
    public static Registry.Builder register(Registry.Builder registry) {
        return registry.register(FLOW, LeadSyncSample::create);
    }
}
