package dev.orchestrators.streams.registry;


/** The test fake keeps the contract the runtime relies on, so topology tests that use it mean something. */
class InMemorySchemaRegistryTest extends SchemaRegistryContract {
    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();

    @Override
    protected SchemaRegistry registry() {
        return registry;
    }

    @Override
    protected void requireBackward(String subject) {
        // every subject of the fake is BACKWARD
    }
}
