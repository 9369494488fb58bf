package dev.orchestrators.core.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrators.core.envelope.StepRun.StepStatus;
import dev.orchestrators.core.errors.FailureClass;
import dev.orchestrators.core.errors.InvalidPayloadException;
import dev.orchestrators.core.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Envelopes are immutable values that refuse inconsistent metadata. */
class EnvelopeTest {
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
    private static final Provenance PRODUCED = new Provenance("lead_sync", "fetch", "crm", "produced", "run-1", T0, 1);
    private static final Provenance ENRICHED = new Provenance("enricher", "enricher", "lookup", "enriched", "run-1", T0, 2);
    private static final ErrorInfo ERROR = ErrorInfo.of(FailureClass.PERMANENT, "BadRequest", "rejected", "fetch");

    private static Metadata metadata(RunStatus status, ErrorInfo error, List<StepRun> steps) {
        return new Metadata("run-1", "lead_sync", "lead_sync", status, false, false, null, error, 1, T0, T0, steps);
    }

    @Test
    void shouldCopyAndProtectItsRecordList() {
        // given
        List<EnvelopeRecord> records = new ArrayList<>(List.of(EnvelopeRecord.of("k1", Map.of(), PRODUCED)));
        Envelope envelope = new Envelope(metadata(RunStatus.OK, null, List.of()), records);

        // when
        records.add(EnvelopeRecord.of("k2", Map.of(), PRODUCED));

        // then
        assertThat(envelope.records()).extracting(EnvelopeRecord::key).containsExactly("k1");
        assertThatThrownBy(() -> envelope.records().add(EnvelopeRecord.of("k3", Map.of(), PRODUCED)))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void shouldCopyAndProtectARecordsFieldsKeepingTheirOrder() {
        // given
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("z", 1);
        fields.put("a", null); // JSON null is a value
        EnvelopeRecord record = EnvelopeRecord.of("k1", fields, PRODUCED);

        // when
        fields.put("m", 3);

        // then
        assertThat(record.fields().keySet()).containsExactly("z", "a");
        assertThat(record.fields()).containsEntry("z", 1).containsEntry("a", null);
        assertThatThrownBy(() -> record.fields().put("b", 2)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void shouldCopyAndProtectARecordsProvenance() {
        // given
        List<Provenance> lineage = new ArrayList<>(List.of(PRODUCED));
        EnvelopeRecord record = new EnvelopeRecord("k1", Map.of(), lineage);

        // when
        lineage.add(ENRICHED);

        // then
        assertThat(record.provenance()).containsExactly(PRODUCED);
        assertThatThrownBy(() -> record.provenance().add(ENRICHED)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void shouldDeriveNewRecordsAndLeaveTheOriginalUntouched() {
        // given
        EnvelopeRecord original = EnvelopeRecord.of("k1", Map.of("name", "Ada"), PRODUCED);

        // when
        EnvelopeRecord added = original.withAddedFields(Map.of("name", "Other", "industry", "software"), ENRICHED);
        EnvelopeRecord overwritten = original.withField("name", "Grace", ENRICHED);

        // then
        assertThat(added.fields()).isEqualTo(Map.of("name", "Ada", "industry", "software"));
        assertThat(added.provenance()).containsExactly(PRODUCED, ENRICHED);
        assertThat(overwritten.field("name")).isEqualTo("Grace");
        assertThat(original.fields()).isEqualTo(Map.of("name", "Ada"));
        assertThat(original.provenance()).containsExactly(PRODUCED);
    }

    @Test
    void shouldCopyAndProtectTheStepList() {
        // given
        List<StepRun> steps = new ArrayList<>(List.of(new StepRun("fetch", "lead_sync", StepStatus.OK, 1, 5)));
        Metadata metadata = metadata(RunStatus.OK, null, steps);

        // when
        steps.clear();

        // then
        assertThat(metadata.steps()).extracting(StepRun::name).containsExactly("fetch");
        assertThatThrownBy(() -> metadata.steps().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void shouldRejectAFailedStatusWithoutAnError() {
        assertThatThrownBy(() -> metadata(RunStatus.FAILED, null, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a FAILED envelope must carry metadata.error");
    }

    @Test
    void shouldRejectAnErrorOnAnyStatusButFailed() {
        assertThatThrownBy(() -> metadata(RunStatus.OK, ERROR, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("only a FAILED envelope carries metadata.error, status was OK");
        assertThatThrownBy(() -> metadata(RunStatus.DISABLED, ERROR, List.of()))
                .hasMessageEndingWith("status was DISABLED");
    }

    @Test
    void shouldAcceptAFailedStatusWithAnError() {
        Envelope envelope = new Envelope(metadata(RunStatus.FAILED, ERROR, null), null);

        assertThat(envelope.status()).isEqualTo(RunStatus.FAILED);
        assertThat(envelope.metadata().error()).isEqualTo(ERROR);
        assertThat(envelope.records()).isEmpty();
        assertThat(envelope.metadata().steps()).isEmpty();
    }

    @Test
    void shouldRejectAZeroRunAttempt() {
        assertThatThrownBy(() -> new Metadata("run-1", "f", "o", RunStatus.OK, false, false, null, null, 0, T0, T0, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("attempts must be >= 1, was 0");
    }

    @Test
    void shouldRejectAZeroProvenanceAttempt() {
        assertThatThrownBy(() -> new Provenance("o", "s", "t", "produced", "run-1", T0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("attempt must be >= 1, was 0");
    }

    @Test
    void shouldRejectAProvenanceScoreThatIsNotAFiniteNumber() {
        assertThatThrownBy(() -> PRODUCED.withScore(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("score must be a finite number, was NaN");
        assertThatThrownBy(() -> PRODUCED.withScore(Double.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldWriteAProvenanceScoreOnlyWhenThereIsOneAndReadItBack() throws Exception {
        // given
        Provenance scored = PRODUCED.withScore(0.83);

        // when
        String withScore = Json.mapper().writeValueAsString(scored);
        String withoutScore = Json.mapper().writeValueAsString(PRODUCED);

        // then
        assertThat(withScore).endsWith("\"attempt\":1,\"score\":0.83}");
        assertThat(withoutScore).doesNotContain("score");
        assertThat(Json.mapper().readValue(withScore, Provenance.class)).isEqualTo(scored);
        assertThat(Json.mapper().readValue(withoutScore, Provenance.class)).isEqualTo(PRODUCED);
        assertThat(scored.withScore(null)).isEqualTo(PRODUCED);
    }

    @Test
    void shouldMarkOnlyTransientErrorsRetryable() {
        assertThat(ErrorInfo.of(FailureClass.TRANSIENT, "ToolTimeout", "slow", "fetch").retryable()).isTrue();
        assertThat(ERROR.retryable()).isFalse();
    }

    @Test
    void shouldChangeOnlyTheFlowWithFlow() {
        // given
        Metadata metadata = metadata(RunStatus.OK, null, List.of());

        // when
        Metadata moved = metadata.withFlow("campaign_a");

        // then
        assertThat(moved.flow()).isEqualTo("campaign_a");
        assertThat(moved).isEqualTo(new Metadata("run-1", "campaign_a", "lead_sync", RunStatus.OK, false, false, null, null,
                1, T0, T0, List.of()));
        assertThat(metadata.flow()).isEqualTo("lead_sync");
    }

    @Test
    void shouldCopyAPayloadAndNameAMissingRequiredField() {
        // given
        Map<String, Object> data = new HashMap<>(Map.of("lead_id", "L-1", "blank", " "));
        Payload payload = new Payload("run-1", data);

        // when
        data.put("lead_id", "changed");

        // then
        assertThat(payload.requireString("lead_id")).isEqualTo("L-1");
        assertThatThrownBy(() -> payload.requireString("email"))
                .isInstanceOf(InvalidPayloadException.class)
                .hasMessage("payload field 'email' must be a non-blank string, was missing");
        assertThatThrownBy(() -> payload.requireString("blank")).hasMessageContaining("'blank'");
        assertThatThrownBy(() -> new Payload(" ", Map.of())).hasMessage("runId must not be blank");
    }
}
