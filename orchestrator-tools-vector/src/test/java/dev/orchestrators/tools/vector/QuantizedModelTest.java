package dev.orchestrators.tools.vector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The quantized model ranks the samples' corpus as the full one does, where it matters: the best match. */
class QuantizedModelTest {

    @Test
    void shouldPutTheSameCompanyFirstAsTheFullModelForEverySampleQuery() {
        List<QuantizedRanking.Ranking> rankings = QuantizedRanking.rank();

        assertThat(rankings).hasSize(QuantizedRanking.QUERIES.size()).allSatisfy(r -> {
            assertThat(r.quantized().get(0)).as(r.query()).isEqualTo(r.full().get(0));
            assertThat(r.largestScoreDifference()).as(r.query()).isLessThan(0.1);
        });
    }
}
