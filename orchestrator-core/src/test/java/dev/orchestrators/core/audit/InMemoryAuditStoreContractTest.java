package dev.orchestrators.core.audit;

import dev.orchestrators.core.contract.AuditStoreContractTest;

/** {@link InMemoryAuditStore} keeps the {@link AuditStore} contract. */
class InMemoryAuditStoreContractTest extends AuditStoreContractTest {

    @Override
    protected AuditStore newStore() {
        return new InMemoryAuditStore();
    }
}
