package dev.orchestrators.core.kinds.saga;

import static dev.orchestrators.core.tool.Capability.WRITE;

import dev.orchestrators.core.audit.AuditKind;
import dev.orchestrators.core.audit.AuditRecord;
import dev.orchestrators.core.audit.InMemoryAuditStore;
import dev.orchestrators.core.envelope.Payload;
import dev.orchestrators.core.kinds.executor.Executor;
import dev.orchestrators.core.ledger.InMemorySideEffectLedger;
import dev.orchestrators.core.monitoring.RecordingMonitoring;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.testing.FakeTool;
import dev.orchestrators.core.testing.ManualClock;
import dev.orchestrators.core.testing.RecordingDelays;
import dev.orchestrators.core.tool.InMemoryToolContainer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The saga the saga tests share: create a CRM record, grant access, create a mailbox; the first two undone
 * by {@code crm_delete} and {@code access_revoke}. Every tool records its calls; {@link #undone} records the
 * order in which compensators ran.
 */
final class ProvisioningSaga {
    static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
    static final Payload REQUEST = new Payload("run-1", Map.of("email", "ada@example.com"));

    final List<String> undone = new CopyOnWriteArrayList<>();
    final FakeTool crmCreate = FakeTool.returning("crm_create", WRITE, Map.of("id", "crm-1"));
    final FakeTool crmDelete = compensator("crm_delete");
    final FakeTool accessGrant = FakeTool.returning("access_grant", WRITE, Map.of("id", "grant-7"));
    final FakeTool accessRevoke = compensator("access_revoke");
    final FakeTool mailboxCreate = FakeTool.returning("mailbox_create", WRITE, Map.of("id", "mbx-3"));
    final InMemoryAuditStore audit = new InMemoryAuditStore();
    final InMemorySideEffectLedger ledger = new InMemorySideEffectLedger();
    final RecordingMonitoring monitoring = new RecordingMonitoring();
    final RecordingDelays delays = new RecordingDelays();
    final OrchestratorContext context = OrchestratorContext.newBuilder()
            .tools(InMemoryToolContainer.of(crmCreate, crmDelete, accessGrant, accessRevoke, mailboxCreate))
            .clock(new ManualClock(T0))
            .delays(delays)
            .random(() -> 0.5)
            .auditStore(audit)
            .sideEffects(ledger)
            .monitoring(monitoring)
            .build();

    private FakeTool compensator(String name) {
        return FakeTool.answering(name, WRITE, call -> {
            undone.add(name);
            return Map.of("deleted", call.argument("id"));
        });
    }

    Executor createRecord() {
        return Executor.newBuilder("crm_create").name("create_record").compensator("crm_delete").build(context);
    }

    Executor grantAccess() {
        return grantAccess(Executor.newBuilder("access_grant"));
    }

    Executor grantAccess(Executor.Builder builder) {
        return builder.name("grant_access").compensator("access_revoke").build(context);
    }

    Executor createMailbox() {
        return Executor.newBuilder("mailbox_create").name("create_mailbox").build(context);
    }

    /** The three steps, no validator. */
    Saga.Builder builder() {
        return Saga.newBuilder("provisioning").step(createRecord()).step(grantAccess()).step(createMailbox());
    }

    Saga saga() {
        return builder().build(context);
    }

    List<AuditRecord> compensationAudit() {
        return audit.records().stream().filter(r -> r.kind() == AuditKind.COMPENSATION).toList();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> sagaDetails(dev.orchestrators.core.envelope.Envelope envelope) {
        return (Map<String, Object>) envelope.metadata().details().get("saga");
    }
}
