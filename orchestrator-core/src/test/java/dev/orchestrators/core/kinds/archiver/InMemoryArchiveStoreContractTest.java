package dev.orchestrators.core.kinds.archiver;

import dev.orchestrators.core.contract.ArchiveStoreContractTest;
import java.util.List;

/** {@link InMemoryArchiveStore} keeps the {@link ArchiveStore} contract; its durable entries are those a sync made so. */
class InMemoryArchiveStoreContractTest extends ArchiveStoreContractTest<InMemoryArchiveStore> {

    @Override
    protected InMemoryArchiveStore newStore() {
        return new InMemoryArchiveStore();
    }

    @Override
    protected List<ArchiveEntry> durableEntries(InMemoryArchiveStore store) {
        return store.durableEntries();
    }

    @Override
    protected boolean breakStorage(InMemoryArchiveStore store) {
        store.failNextSyncs(1);
        return true;
    }
}
