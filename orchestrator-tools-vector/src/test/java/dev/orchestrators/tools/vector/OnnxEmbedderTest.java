package dev.orchestrators.tools.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrators.core.errors.PermanentException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The in-process model: unit vectors of 384 dimensions, computed on the calling thread, with the network kept out. */
class OnnxEmbedderTest {
    private final OnnxEmbedder model = OnnxEmbedder.minilm(false);

    @Test
    void shouldEmbedEachTextAsAUnitVectorOf384Dimensions() {
        List<float[]> vectors = model.embed(List.of("rocket engines", "sourdough bread")).join();

        assertThat(vectors).hasSize(2).allSatisfy(v -> {
            assertThat(v).hasSize(OnnxEmbedder.DIMENSIONS);
            double norm = 0;
            for (float x : v) {
                norm += x * x;
            }
            assertThat(norm).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        });
    }

    @Test
    void shouldComputeBeforeItReturns() {
        assertThat(model.inProcess()).isTrue();
        assertThat(model.embed(List.of("rocket engines"))).isCompleted();
    }

    @Test
    void shouldFailPermanentlyOnABlankText() {
        assertThatThrownBy(() -> model.embed(List.of(" ")).join()).cause().isInstanceOf(PermanentException.class)
                .hasMessageContaining("could not embed a text");
    }

    @Test
    void shouldKeepTheTokenizerLibraryFromCallingHomeOrDownloading() {
        // DJL asks the EC2 metadata endpoint and reports to S3 unless told not to; it downloads what it misses unless offline
        assertThat(System.getProperty("OPT_OUT_TRACKING")).isEqualTo("true");
        assertThat(System.getProperty("ai.djl.offline")).isEqualTo("true");
    }
}
