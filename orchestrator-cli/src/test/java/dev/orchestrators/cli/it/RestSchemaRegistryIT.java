package dev.orchestrators.cli.it;

import dev.orchestrators.streams.registry.RestSchemaRegistry;
import dev.orchestrators.streams.registry.SchemaRegistry;
import dev.orchestrators.streams.registry.SchemaRegistryContract;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The runtime's registry client keeps the contract against a real registry's Confluent-compatible API (Apicurio's). */
@Timeout(180)
class RestSchemaRegistryIT extends SchemaRegistryContract {
    @RegisterExtension
    static final RegistryServer server = new RegistryServer();

    @Override
    protected SchemaRegistry registry() {
        return RestSchemaRegistry.of(server.url());
    }

    @Override
    protected void requireBackward(String subject) {
        server.requireBackward(subject);
    }
}
