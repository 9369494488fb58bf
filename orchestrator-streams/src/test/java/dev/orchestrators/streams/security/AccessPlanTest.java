package dev.orchestrators.streams.security;

import static dev.orchestrators.streams.security.SamplePlans.config;
import static dev.orchestrators.streams.security.SamplePlans.plan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.runtime.Registry;
import dev.orchestrators.samples.LeadSyncSample;
import dev.orchestrators.samples.SampleTools;
import dev.orchestrators.streams.FlowPlan;
import dev.orchestrators.streams.TopicNames;
import dev.orchestrators.streams.config.OrchestratorConfig;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

class AccessPlanTest {
    private static final String WORKER = "User:worker";

    @Test
    void shouldGrantAPipelineExactlyItsTopicsChangelogsGroupAndTransactionalIds() {
        // given: lead_sync (a coordinator: a pipeline topology) with the defaults (exactly_once_v2, sampling on)
        AccessPlan access = AccessPlan.of(plan("lead_sync"), config(), WORKER);

        // then: this list and nothing else
        assertThat(lines(access)).containsExactly(
                "ALLOW User:worker READ TOPIC LITERAL lead_sync.requests",
                "ALLOW User:worker DESCRIBE TOPIC LITERAL lead_sync.requests",
                "ALLOW User:worker WRITE TOPIC LITERAL lead_sync.results",
                "ALLOW User:worker DESCRIBE TOPIC LITERAL lead_sync.results",
                "ALLOW User:worker WRITE TOPIC LITERAL orchestrator.audit",
                "ALLOW User:worker DESCRIBE TOPIC LITERAL orchestrator.audit",
                "ALLOW User:worker WRITE TOPIC LITERAL lead_sync.dlq",
                "ALLOW User:worker DESCRIBE TOPIC LITERAL lead_sync.dlq",
                "ALLOW User:worker DESCRIBE_CONFIGS TOPIC LITERAL orchestrator.audit",
                "ALLOW User:worker WRITE TOPIC LITERAL orchestrator.telemetry",
                "ALLOW User:worker DESCRIBE TOPIC LITERAL orchestrator.telemetry",
                "ALLOW User:worker READ TOPIC LITERAL orchestrator-lead_sync-lead_sync-pending-changelog",
                "ALLOW User:worker WRITE TOPIC LITERAL orchestrator-lead_sync-lead_sync-pending-changelog",
                "ALLOW User:worker DESCRIBE TOPIC LITERAL orchestrator-lead_sync-lead_sync-pending-changelog",
                "ALLOW User:worker READ TOPIC LITERAL orchestrator-lead_sync-lead_sync-ledger-changelog",
                "ALLOW User:worker WRITE TOPIC LITERAL orchestrator-lead_sync-lead_sync-ledger-changelog",
                "ALLOW User:worker DESCRIBE TOPIC LITERAL orchestrator-lead_sync-lead_sync-ledger-changelog",
                "ALLOW User:worker READ GROUP LITERAL orchestrator-lead_sync",
                "ALLOW User:worker DESCRIBE GROUP LITERAL orchestrator-lead_sync",
                "ALLOW User:worker WRITE TRANSACTIONAL_ID PREFIXED orchestrator-lead_sync-",
                "ALLOW User:worker DESCRIBE TRANSACTIONAL_ID PREFIXED orchestrator-lead_sync-");
        assertThat(access.grants()).allSatisfy(grant -> assertThat(grant.reason()).isNotBlank());
        assertThat(access.warnings()).isEmpty();
    }

    @Test
    void shouldLetARouterWriteItsSubFlowsRequestsAndItsSubFlowsAnswerOnItsResults() {
        AccessPlan router = AccessPlan.of(plan("support_triage"), config(), WORKER);
        AccessPlan subFlow = AccessPlan.of(plan("lead_intake"), config(), WORKER);

        assertThat(lines(router)).contains(
                "ALLOW User:worker READ TOPIC LITERAL support_triage.requests",
                "ALLOW User:worker WRITE TOPIC LITERAL lead_intake.requests",
                "ALLOW User:worker WRITE TOPIC LITERAL support_ticket.requests",
                "ALLOW User:worker WRITE TOPIC LITERAL support_triage.results");
        assertThat(lines(router)).doesNotContain(
                "ALLOW User:worker READ TOPIC LITERAL lead_intake.requests",
                "ALLOW User:worker READ TOPIC LITERAL support_ticket.requests");
        assertThat(lines(subFlow)).contains(
                "ALLOW User:worker READ TOPIC LITERAL lead_intake.requests",
                "ALLOW User:worker WRITE TOPIC LITERAL lead_intake.results",
                "ALLOW User:worker WRITE TOPIC LITERAL support_triage.results");
        assertThat(lines(subFlow)).doesNotContain("ALLOW User:worker READ TOPIC LITERAL support_triage.requests");
    }

    @Test
    void shouldLetASagaReadAndWriteItsCompensationsAndKeepItsFourStores() {
        AccessPlan saga = AccessPlan.of(plan("account_provisioning"), config(), WORKER);

        assertThat(lines(saga)).contains(
                "ALLOW User:worker READ TOPIC LITERAL account_provisioning.compensations",
                "ALLOW User:worker WRITE TOPIC LITERAL account_provisioning.compensations",
                "ALLOW User:worker WRITE TOPIC LITERAL orchestrator-account_provisioning-account_provisioning-saga-state-changelog",
                "ALLOW User:worker WRITE TOPIC LITERAL orchestrator-account_provisioning-account_provisioning-compensation-pending-changelog");
        assertThat(topicsWith(saga, AclOperation.WRITE)).containsExactly(
                "account_provisioning.results", "orchestrator.audit", "account_provisioning.dlq", "account_provisioning.compensations",
                "orchestrator.telemetry",
                "orchestrator-account_provisioning-account_provisioning-pending-changelog",
                "orchestrator-account_provisioning-account_provisioning-ledger-changelog",
                "orchestrator-account_provisioning-account_provisioning-saga-state-changelog",
                "orchestrator-account_provisioning-account_provisioning-compensation-pending-changelog");
    }

    @Test
    void shouldLetASchedulerWriteItsTargetsRequestsAndCheckItsCompactedJobsTopic() {
        AccessPlan scheduler = AccessPlan.of(plan("followup_reminder"), config(), WORKER);

        assertThat(lines(scheduler)).contains(
                "ALLOW User:worker READ TOPIC LITERAL followup_reminder.jobs",
                "ALLOW User:worker WRITE TOPIC LITERAL followup_reminder.jobs",
                "ALLOW User:worker DESCRIBE_CONFIGS TOPIC LITERAL followup_reminder.jobs",
                "ALLOW User:worker WRITE TOPIC LITERAL lead_sync.requests",
                "ALLOW User:worker WRITE TOPIC LITERAL company_search.requests",
                "ALLOW User:worker READ TOPIC LITERAL orchestrator-followup_reminder-followup_reminder-jobs-due-changelog");
        assertThat(lines(scheduler)).doesNotContain(
                "ALLOW User:worker READ TOPIC LITERAL lead_sync.requests",
                "ALLOW User:worker READ TOPIC LITERAL company_search.requests");
    }

    @Test
    void shouldNeverGrantCreateAlterDeleteAllOrAnythingOnTheCluster() {
        for (FlowPlan plan : SamplePlans.PLANS.values()) {
            AccessPlan access = AccessPlan.of(plan, config(), WORKER);

            assertThat(access.bindings()).as(plan.name())
                    .noneMatch(b -> b.pattern().resourceType() == ResourceType.CLUSTER)
                    .noneMatch(b -> List.of(AclOperation.CREATE, AclOperation.ALTER, AclOperation.ALTER_CONFIGS, AclOperation.DELETE,
                            AclOperation.ALL, AclOperation.IDEMPOTENT_WRITE).contains(b.entry().operation()))
                    .allMatch(b -> b.entry().principal().equals(WORKER) && b.entry().host().equals("*"))
                    .allMatch(b -> b.pattern().patternType() == PatternType.LITERAL
                            || b.pattern().resourceType() == ResourceType.TRANSACTIONAL_ID)
                    .doesNotHaveDuplicates();
        }
    }

    @Test
    void shouldGrantNoTransactionalIdsUnderAtLeastOnceAndNoTelemetryWhenSamplingIsOff() {
        AccessPlan access = AccessPlan.of(plan("lead_sync"), config(
                OrchestratorConfig.PROCESSING_GUARANTEE_CONFIG, "at_least_once",
                OrchestratorConfig.SAMPLE_RATE_CONFIG, "0"), WORKER);

        assertThat(access.bindings()).noneMatch(b -> b.pattern().resourceType() == ResourceType.TRANSACTIONAL_ID);
        assertThat(topicsWith(access, AclOperation.WRITE)).doesNotContain(TopicNames.TELEMETRY);
    }

    @Test
    void shouldFollowTheApplicationIdPrefixAndPerFlowOverrides() {
        AccessPlan access = AccessPlan.of(plan("lead_sync"), config(
                OrchestratorConfig.APPLICATION_ID_PREFIX_CONFIG, "prod-",
                "flow.lead_sync." + OrchestratorConfig.PROCESSING_GUARANTEE_CONFIG, "exactly_once_v2"), WORKER);

        assertThat(lines(access)).contains(
                "ALLOW User:worker READ GROUP LITERAL prod-lead_sync",
                "ALLOW User:worker WRITE TRANSACTIONAL_ID PREFIXED prod-lead_sync-",
                "ALLOW User:worker READ TOPIC LITERAL prod-lead_sync-lead_sync-pending-changelog");
    }

    @Test
    void shouldWarnWhenItsTransactionalIdPrefixAlsoMatchesAnotherFlows() {
        // given: flows "lead_sync" and "lead_sync-eu": orchestrator-lead_sync- prefixes the latter's ids too
        OrchestratorContext context = OrchestratorContext.newBuilder().tools(SampleTools.inMemory()).build();
        Registry registry = Registry.newBuilder().register("lead_sync", LeadSyncSample::create)
                .register("lead_sync-eu", LeadSyncSample::create).build();
        Map<String, FlowPlan> plans = FlowPlan.of(registry, context, TopicNames.AUDIT);

        AccessPlan access = AccessPlan.of(plans.get("lead_sync"), plans.values(), config(), WORKER);
        AccessPlan other = AccessPlan.of(plans.get("lead_sync-eu"), plans.values(), config(), WORKER);

        assertThat(access.warnings()).singleElement().asString().contains("lead_sync-eu");
        assertThat(other.warnings()).isEmpty();
    }

    @Test
    void shouldRejectAPrincipalWithoutAType() {
        assertThatThrownBy(() -> AccessPlan.of(plan("lead_sync"), config(), "lead-worker"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("User:");
    }

    private static List<String> lines(AccessPlan access) {
        return access.bindings().stream().map(AccessPlan::line).toList();
    }

    private static List<String> topicsWith(AccessPlan access, AclOperation operation) {
        return access.bindings().stream()
                .filter(b -> b.pattern().resourceType() == ResourceType.TOPIC && b.entry().operation() == operation)
                .map(AclBinding::pattern).map(p -> p.name()).toList();
    }
}
