package dev.orchestrators.tools.http;

import static dev.orchestrators.tools.http.HttpToolFixture.call;
import static dev.orchestrators.tools.http.HttpToolFixture.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrators.core.tool.Capability;
import dev.orchestrators.core.tool.Tool;
import dev.orchestrators.core.tool.ToolResult;
import dev.orchestrators.localservers.LocalCompanyApi;
import dev.orchestrators.tools.ConfiguredTools;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The settings docs/tools.md gives the reference flows (lead_sync's enrichment and delivery, company_search's
 * external API), through {@link ConfiguredTools} as the runtime reads them, called with the arguments those flows
 * pass, against {@link LocalCompanyApi} as {@code demo --real} starts it.
 */
class ReferenceFlowToolsTest {
    private final LocalCompanyApi api = LocalCompanyApi.start();
    private final ConfiguredTools tools = ConfiguredTools.from(Map.ofEntries(
            Map.entry("tool.enrichment_service.type", "http"),
            Map.entry("tool.enrichment_service.base.url", api.baseUrl()),
            Map.entry("tool.enrichment_service.path", "/companies/{company_domain}"),
            Map.entry("tool.enrichment_service.query", "none"),
            Map.entry("tool.external_company_api.type", "http"),
            Map.entry("tool.external_company_api.base.url", api.baseUrl()),
            Map.entry("tool.external_company_api.path", "/companies"),
            Map.entry("tool.delivery.type", "http"),
            Map.entry("tool.delivery.base.url", api.baseUrl()),
            Map.entry("tool.delivery.capability", "send"),
            Map.entry("tool.delivery.path", "/deliveries")));

    @AfterEach
    void stop() {
        tools.close();
        api.close();
    }

    private Tool tool(String name) {
        return tools.find(name).orElseThrow();
    }

    @Test
    void shouldEnrichALeadsCompanyAsLeadSyncDoes() {
        // when: the enricher passes the lead id and the company domain
        ToolResult company = result(tool("enrichment_service").invoke(call("enrichment_service", "lead_id", "lead-42",
                "company_domain", "acme.example")));
        // then
        assertThat(company.fields()).isEqualTo(LocalCompanyApi.company("acme.example"));
        assertThat(tool("enrichment_service").capability()).isEqualTo(Capability.READ);
    }

    @Test
    void shouldSearchCompaniesAsCompanySearchDoes() {
        ToolResult found = result(tool("external_company_api").invoke(call("external_company_api", "query", "acme")));
        assertThat(found.fields()).isEqualTo(Map.of("records", LocalCompanyApi.search("acme")));
        assertThat((List<?>) found.field("records")).isNotEmpty();
    }

    @Test
    void shouldDeliverOnceAsTheDeliveryOrchestratorDoes() {
        // given: what DeliveryOrchestrator and performOnce pass
        Object[] arguments = {"delivery_key", "run-7:delivery:lead-42", "record_key", "lead-42",
                "fields", Map.of("name", "Ada Lovelace", "company_name", "Acme Inc."), "idempotency_key", "run-7:delivery:lead-42"};
        // when
        ToolResult first = result(tool("delivery").invoke(call("delivery", arguments)));
        ToolResult again = result(tool("delivery").invoke(call("delivery", arguments)));
        // then
        assertThat(first.field("delivery_id")).isNotNull().isEqualTo(again.field("delivery_id"));
        assertThat(api.deliveries()).isEqualTo(1);
        assertThat(tool("delivery").capability()).isEqualTo(Capability.SEND);
    }
}
