package dev.orchestrators.tools.mail;

import static dev.orchestrators.tools.mail.MailFixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrators.core.audit.AuditKind;
import dev.orchestrators.core.audit.AuditRecord;
import dev.orchestrators.core.audit.InMemoryAuditStore;
import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.envelope.EnvelopeRecord;
import dev.orchestrators.core.envelope.Payload;
import dev.orchestrators.core.envelope.RunStatus;
import dev.orchestrators.core.errors.FailureClass;
import dev.orchestrators.core.kinds.delivery.DeliveryOrchestrator;
import dev.orchestrators.core.ledger.InMemorySideEffectLedger;
import dev.orchestrators.core.orchestrator.DeliveryGate;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.testing.EnvelopeAssert;
import dev.orchestrators.core.testing.RecordingDelays;
import dev.orchestrators.core.tool.InMemoryToolContainer;
import dev.orchestrators.localservers.FaultySmtpServer;
import dev.orchestrators.localservers.LocalSmtp;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The {@code delivery} step of lead_sync on a real SMTP server: {@link DeliveryOrchestrator} passes a record's
 * {@code fields}, and the tool turns them into a readable email whose Message-ID becomes the {@code delivery_id}.
 */
class LeadDeliveryTest {
    private static final String[] LEAD_SYNC = {"subject.template", "New lead: {name} at {company_name}",
            "message.id.domain", "leads.orchestrators.example"};

    private final InMemoryAuditStore audit = new InMemoryAuditStore();
    private final InMemorySideEffectLedger ledger = new InMemorySideEffectLedger();

    private DeliveryOrchestrator delivery(SmtpTool tool) {
        return DeliveryOrchestrator.newBuilder(tool.name()).build(OrchestratorContext.newBuilder()
                .tools(InMemoryToolContainer.of(tool)).clock(Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC))
                .delays(new RecordingDelays()).random(() -> 0.5).auditStore(audit).sideEffects(ledger)
                .deliveryGate(DeliveryGate.open()).build());
    }

    private static Payload lead(String runId) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("lead_id", "L-42");
        fields.put("name", "Ada Lovelace");
        fields.put("email", "ada.lovelace@analytical.example");
        fields.put("company_domain", "analytical.example");
        fields.put("company_name", "Analytical Inc.");
        fields.put("industry", "Computing");
        return new Payload(runId, Map.of("records", List.of(Map.of("key", "L-42", "fields", fields))));
    }

    private static String idSent(Map<String, List<MimeMessage>> mailboxes) throws Exception {
        return mailboxes.values().iterator().next().get(0).getMessageID();
    }

    @Test
    void shouldEmailEachDeliveredLeadReadablyAndRecordItsMessageIdAsTheDeliveryId() throws Exception {
        try (LocalSmtp smtp = LocalSmtp.start();
             SmtpTool mail = MailFixtures.tool(settings(smtp.host(), smtp.port(), "none", LEAD_SYNC), new SimpleMeterRegistry())) {
            // when
            Envelope envelope = delivery(mail).run(lead("run-7"));

            // then
            EnvelopeAssert.assertThat(envelope).hasStatus(RunStatus.OK).everyRecordLastTouchedBy("delivery", "delivery", "delivered");
            MimeMessage sent = smtp.mailboxes().get("ada.lovelace@analytical.example").get(0);
            assertThat(sent.getSubject()).isEqualTo("New lead: Ada Lovelace at Analytical Inc.");
            assertThat(sent.getContent().toString()).isEqualToNormalizingNewlines("Record L-42\n\nlead_id: L-42\nname: Ada Lovelace\n"
                    + "email: ada.lovelace@analytical.example\ncompany_domain: analytical.example\ncompany_name: Analytical Inc.\n"
                    + "industry: Computing"); // the last line break is part of the end of data
            EnvelopeRecord delivered = envelope.records().get(0);
            assertThat(delivered.field("delivery_id")).isEqualTo(sent.getMessageID())
                    .isEqualTo(MessageIds.of("run-7:delivery:L-42", "mail", "leads.orchestrators.example"));
        }
    }

    @Test
    void shouldRetryATransientRefusalUnderTheSameMessageId() throws Exception {
        try (FaultySmtpServer server = FaultySmtpServer.start().replyTimes(FaultySmtpServer.Stage.MAIL, 1, 451, "4.3.0 try later");
             SmtpTool mail = MailFixtures.tool(settings(server.host(), server.port(), "none", LEAD_SYNC), new SimpleMeterRegistry())) {
            // when
            Envelope envelope = delivery(mail).run(lead("run-8"));

            // then
            EnvelopeAssert.assertThat(envelope).hasStatus(RunStatus.OK);
            EnvelopeRecord record = envelope.records().get(0);
            assertThat(record.provenance().get(record.provenance().size() - 1).attempt()).isEqualTo(2);
            assertThat(server.accepted()).isEqualTo(1);
            assertThat(server.messages().get(0)).contains("Message-ID: " + record.field("delivery_id"));
        }
    }

    @Test
    void shouldFailTheRunAsIndeterminateAndNotRetryWhenTheConnectionDropsAfterTheMessage() throws Exception {
        try (FaultySmtpServer server = FaultySmtpServer.start().drop(FaultySmtpServer.Stage.END_OF_DATA);
             SmtpTool mail = MailFixtures.tool(settings(server.host(), server.port(), "none", LEAD_SYNC), new SimpleMeterRegistry())) {
            // when
            Envelope envelope = delivery(mail).run(lead("run-9"));

            // then the run failed permanently, naming the key, and the message went out exactly once
            EnvelopeAssert.assertThat(envelope).failedWith(FailureClass.PERMANENT, "IndeterminateOutcome", "delivery");
            assertThat(envelope.metadata().details()).containsEntry("outcome", "indeterminate")
                    .containsEntry("idempotency_key", "run-9:delivery:L-42");
            assertThat(server.messages()).hasSize(1);
            assertThat(server.connections()).isEqualTo(1);
            List<AuditRecord> sideEffects = audit.records().stream().filter(r -> r.kind() == AuditKind.SIDE_EFFECT).toList();
            assertThat(sideEffects).singleElement().satisfies(r -> assertThat(r.details()).containsEntry("outcome", "indeterminate"));
        }
    }
}
