package dev.orchestrators.tools.vector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.envelope.EnvelopeRecord;
import dev.orchestrators.core.envelope.Payload;
import dev.orchestrators.core.envelope.RunStatus;
import dev.orchestrators.core.kinds.aggregator.Aggregator;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.testing.RecordingDelays;
import dev.orchestrators.core.tool.InMemoryToolContainer;
import dev.orchestrators.tools.AdapterMeters;
import dev.orchestrators.tools.BlockingCalls;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The reference aggregator's way of calling the tool: each record carries its score in its fields and its provenance. */
class ProvenanceScoreTest {

    @Test
    void shouldCarryEachRecordsScoreIntoItsProvenanceInACompanySearch() {
        // given company_search's vector source over the real tool
        AdapterMeters meters = AdapterMeters.of(new SimpleMeterRegistry(), "vector_search", VectorSearchFactory.TYPE);
        try (VectorSearchTool tool = new VectorSearchTool("vector_search", OnnxEmbedder.minilm(false), Fixtures.sharedCompanies(),
                new SearchRequest.Limits(5, 100, -1, 4096, Duration.ofSeconds(30)), new BlockingCalls("vector_search", 2, 4, meters),
                6, meters, Map.of())) {
            Aggregator search = Aggregator.newBuilder("company_search")
                    .source("vectors", "vector_search", p -> Map.of("query", p.get("query"), "top_k", 3), "domain")
                    .timeout(Duration.ofSeconds(30))
                    .build(OrchestratorContext.newBuilder().tools(InMemoryToolContainer.of(tool)).delays(new RecordingDelays()).build());

            // when
            Envelope envelope = search.run(new Payload("run-1", Map.of("query", "rocket engines")));

            // then
            assertThat(envelope.metadata().status()).isEqualTo(RunStatus.OK);
            assertThat(envelope.records()).hasSize(3).first().extracting(EnvelopeRecord::key).isEqualTo("orbitalforge.example");
            for (EnvelopeRecord record : envelope.records()) {
                assertThat(record.provenance().get(0).step()).isEqualTo("vectors");
                assertThat(record.provenance().get(0).score()).isEqualTo(record.field("score")).isNotNull();
            }
        }
    }
}
