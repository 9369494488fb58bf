package dev.orchestrators.streams.internals.observability;

import dev.orchestrators.streams.config.OrchestratorConfig;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;

/**
 * The OpenTelemetry SDK of {@code orchestrator.tracing.exporter=otlp}: spans batched and exported over OTLP/HTTP
 * (protobuf, sent by the JDK's HTTP client) to {@code orchestrator.tracing.otlp.endpoint}, as service
 * {@code orchestrator.tracing.service.name}, new traces sampled at {@code orchestrator.tracing.sampler.ratio}
 * (a request's own sampling decision is followed), W3C Trace Context propagation. The only class of the runtime
 * that uses the SDK and the exporter (optional dependencies): it is loaded only when the exporter is on.
 */
public final class OtlpTracing {
    private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

    private OtlpTracing() {
    }

    /**
     * The SDK configured by {@code config}; close it (it is {@link java.io.Closeable}) to flush and stop the exporter.
     * Typed as the API, so that no caller's signature names an SDK class.
     */
    public static OpenTelemetry create(OrchestratorConfig config) {
        OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder()
                .setEndpoint(config.getString(OrchestratorConfig.TRACING_OTLP_ENDPOINT_CONFIG))
                .build();
        Resource resource = Resource.getDefault().merge(Resource.create(
                Attributes.of(SERVICE_NAME, config.getString(OrchestratorConfig.TRACING_SERVICE_NAME_CONFIG))));
        SdkTracerProvider tracerProvider = SdkTracerProvider.builder()
                .setResource(resource)
                .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(
                        config.getDouble(OrchestratorConfig.TRACING_SAMPLER_RATIO_CONFIG))))
                .addSpanProcessor(BatchSpanProcessor.builder(exporter).build())
                .build();
        return OpenTelemetrySdk.builder()
                .setTracerProvider(tracerProvider)
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build();
    }
}
