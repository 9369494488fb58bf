package dev.orchestrators.harness.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WarmUpTest {

    @Test
    void theFirstBatchNeverSettlesTheWarmUp() {
        assertThat(WarmUp.settled(Double.NaN, 80)).isFalse();
    }

    @Test
    void aJvmStillGettingCheaperIsNotWarm() {
        assertThat(WarmUp.settled(150, 110)).isFalse();
    }

    @Test
    void twoBatchesWithinTenPercentMeanWarm() {
        assertThat(WarmUp.settled(100, 93)).isTrue();
        assertThat(WarmUp.settled(100, 108)).isTrue();
    }

    @Test
    void aBatchThatGotDearerByMoreThanTheToleranceIsNotWarm() {
        assertThat(WarmUp.settled(100, 115)).isFalse();
    }
}
