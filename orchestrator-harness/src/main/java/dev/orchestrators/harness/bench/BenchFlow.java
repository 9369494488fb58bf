package dev.orchestrators.harness.bench;

import dev.orchestrators.samples.AccountProvisioningSample;
import dev.orchestrators.samples.LeadSyncSample;
import dev.orchestrators.samples.SupportTriageSample;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A reference flow as the bench drives it: the flows that must run (the entry flow, and for a router its
 * sub-flows, in the same runtime or worker JVM), the entry flow whose {@code .requests} the bench loads and
 * whose {@code .results} it measures (one envelope per request), and what the {@code i}-th request with key
 * {@code k} looks like: {@code {"run_id":"run-<k>","payload":{...}}}. The request mix depends on {@code i}
 * only, so every phase gets the same shares. The raw Kafka baselines and the naive loop take
 * {@link #LEAD_SYNC}'s requests. Immutable.
 */
enum BenchFlow {
    /** {@code {"lead_id": k}}: three tool calls per request (fetch, enrich, deliver). */
    LEAD_SYNC(LeadSyncSample.FLOW, List.of(LeadSyncSample.FLOW), (key, i, compensating) -> "{\"lead_id\":\"" + key + "\"}"),
    /**
     * The saga, {@code {"account_id": k, "email": "<k>@acme.example", "plan": ...}}: plan {@code team} (three
     * side effects), except for the compensating share, spread evenly ({@link #compensates}): plan {@code legacy}
     * (the third step fails, the first two are compensated through {@code account_provisioning.compensations}:
     * a FAILED envelope).
     */
    SAGA(AccountProvisioningSample.FLOW, List.of(AccountProvisioningSample.FLOW), (key, i, compensating) ->
            "{\"account_id\":\"" + key + "\",\"email\":\"" + key + "@acme.example\",\"plan\":\""
                    + (compensates(i, compensating) ? "legacy" : "team") + "\"}"),
    /**
     * The router and both its sub-flows, emails from {@code <k>@acme.example}: even {@code i} "Pricing for 50
     * seats" (a rule routes it to lead_intake: parse, enrich), odd {@code i} "Cannot log in" (the classifier tool
     * routes it to support_ticket: parse, open a ticket). Each request passes two flows; the sub-flow answers on
     * {@code support_triage.results}.
     */
    ROUTER(SupportTriageSample.FLOW, List.of(SupportTriageSample.FLOW, SupportTriageSample.LEAD_INTAKE,
            SupportTriageSample.SUPPORT_TICKET), (key, i, compensating) -> "{\"from\":\"" + key
            + "@acme.example\",\"subject\":\"" + (i % 2 == 0 ? "Pricing for 50 seats\",\"body\":\"Could you send us a quote?"
                    : "Cannot log in\",\"body\":\"My password stopped working this morning.") + "\"}");

    /** The saga's default compensating share, in percent. */
    static final int DEFAULT_COMPENSATING_PERCENT = 10;

    private final String entry;
    private final List<String> flows;
    private final Payload payload;

    BenchFlow(String entry, List<String> flows, Payload payload) {
        this.entry = entry;
        this.flows = flows;
        this.payload = payload;
    }

    /** The flow requests go to and envelopes are read from. */
    String entry() {
        return entry;
    }

    /** Every flow that must run for the entry flow to answer, the entry flow first. */
    List<String> flows() {
        return flows;
    }

    /** The prefixes of every topic these flows own ({@code <flow>.}), for deleting them between runs. */
    String[] topicPrefixes() {
        return flows.stream().map(f -> f + ".").toArray(String[]::new);
    }

    /**
     * The {@code index}-th request (keys are plain ASCII, so nothing needs escaping).
     *
     * @param compensatingPercent the share of saga requests that compensate (other flows ignore it)
     */
    byte[] request(String key, int index, int compensatingPercent) {
        return ("{\"run_id\":\"run-" + key + "\",\"payload\":" + payload.of(key, index, compensatingPercent) + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Whether the {@code index}-th saga request is one that compensates: {@code percent} in every 100, spread
     * evenly (10%: indexes 9, 19, 29, ...).
     */
    static boolean compensates(int index, int percent) {
        return (long) (index + 1) * percent / 100 > (long) index * percent / 100;
    }

    /** The payload of the {@code index}-th request, as JSON. */
    @FunctionalInterface
    private interface Payload {
        String of(String key, int index, int compensatingPercent);
    }
}
