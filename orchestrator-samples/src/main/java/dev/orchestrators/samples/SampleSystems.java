package dev.orchestrators.samples;

import dev.orchestrators.core.errors.PermanentException;
import dev.orchestrators.core.json.Json;
import dev.orchestrators.core.tool.ToolCall;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SAMPLE external systems behind the sample tools: a CRM, an access-control service, a mail server and a
 * ticket system, in memory. Each keeps its own ledger of what it did by idempotency key, as a real system
 * that honours idempotency keys does: a repeated call with the same key returns the first answer and does
 * not act again, and {@link #duplicatesRefused()} counts how often that happened (a figure the chaos
 * harness reads from outside the runtime). Not for production use. Thread-safe.
 */
public final class SampleSystems {
    private final Map<String, Map<String, Object>> crmRecords = new ConcurrentHashMap<>();
    private final Map<String, String> accessGrants = new ConcurrentHashMap<>();
    private final Map<String, String> mailboxes = new ConcurrentHashMap<>();
    private final Map<String, String> tickets = new ConcurrentHashMap<>();
    private final IdempotencyStore ledger;

    /** Systems that remember idempotency keys in memory. */
    public SampleSystems() {
        this(IdempotencyStore.inMemory());
    }

    /** Systems that remember idempotency keys in {@code ledger} (a directory shared by worker processes). */
    public SampleSystems(IdempotencyStore ledger) {
        this.ledger = ledger;
    }

    /** Side effects performed (first calls of an idempotency key). */
    public long performed() {
        return ledger.performed();
    }

    /** Calls that repeated an idempotency key already performed (answered from the ledger, not acted on). */
    public long duplicatesRefused() {
        return ledger.repeats();
    }

    /** Side effects performed more than once on the same business object (an account, a lead's delivery). */
    public long duplicatedEffects() {
        return ledger.duplicatedEffects();
    }

    public Map<String, Map<String, Object>> crmRecords() {
        return Map.copyOf(crmRecords);
    }

    public Map<String, String> accessGrants() {
        return Map.copyOf(accessGrants);
    }

    public Map<String, String> mailboxes() {
        return Map.copyOf(mailboxes);
    }

    public Map<String, String> tickets() {
        return Map.copyOf(tickets);
    }

    /** Performs {@code action} once per idempotency key of {@code call}; repeats answer what the first did. */
    @SuppressWarnings("unchecked")
    Map<String, Object> once(ToolCall call, String entity, java.util.function.Supplier<Map<String, Object>> action) {
        String key = call.requireString("idempotency_key");
        String answer = ledger.once(key, call.tool() + ":" + entity, () -> write(action.get()));
        try {
            return Json.mapper().readValue(answer, Map.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("sample ledger answer of " + key + " is not JSON", e);
        }
    }

    private static String write(Map<String, Object> answer) {
        try {
            return Json.mapper().writeValueAsString(answer);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    Map<String, Object> crmCreate(ToolCall call) {
        return once(call, String.valueOf(call.argument("account_id")), () -> {
            String id = "crm-" + SampleTools.shortHash(call.requireString("idempotency_key"));
            Map<String, Object> record = new LinkedHashMap<>(call.arguments());
            record.remove("idempotency_key");
            crmRecords.put(id, record);
            return Map.of("id", id);
        });
    }

    Map<String, Object> crmDelete(ToolCall call) {
        return once(call, String.valueOf(call.argument("id")), () -> {
            String id = call.requireString("id");
            boolean existed = crmRecords.remove(id) != null;
            return Map.of("deleted", id, "existed", existed);
        });
    }

    Map<String, Object> grantAccess(ToolCall call) {
        return once(call, String.valueOf(call.argument("account_id")), () -> {
            String grant = "grant-" + SampleTools.shortHash(call.requireString("idempotency_key"));
            accessGrants.put(grant, call.requireString("account_id") + ":" + call.requireString("role"));
            return Map.of("id", grant);
        });
    }

    Map<String, Object> revokeAccess(ToolCall call) {
        return once(call, String.valueOf(call.argument("id")), () -> {
            String grant = call.requireString("id");
            return Map.of("revoked", grant, "existed", accessGrants.remove(grant) != null);
        });
    }

    Map<String, Object> createMailbox(ToolCall call) {
        String plan = String.valueOf(call.argument("plan"));
        if ("legacy".equals(plan)) {
            throw new PermanentException("PlanUnsupported", "plan 'legacy' has no mailboxes", null);
        }
        return once(call, String.valueOf(call.argument("account_id")), () -> {
            String mailbox = call.requireString("account_id").toLowerCase() + "@mail.example";
            mailboxes.put(mailbox, call.requireString("account_id"));
            return Map.of("id", mailbox);
        });
    }

    /**
     * Sends a lead's email. Counted per lead, so a lead emailed twice under two keys (a run id that changed on
     * a re-read, say) shows as a duplicate where every request is about its own lead (as in the chaos harness).
     */
    Map<String, Object> deliver(ToolCall call) {
        return once(call, String.valueOf(call.argument("record_key")), () -> SampleTools.deliver(call));
    }

    Map<String, Object> createTicket(ToolCall call) {
        return once(call, String.valueOf(call.argument("from")) + "/" + call.argument("subject"), () -> {
            String id = "T-" + SampleTools.shortHash(call.requireString("idempotency_key"));
            tickets.put(id, String.valueOf(call.argument("subject")));
            return Map.of("id", id, "queue", "support");
        });
    }
}
