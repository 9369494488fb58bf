package dev.orchestrators.samples;

import dev.orchestrators.core.envelope.Payload;
import dev.orchestrators.core.flow.Flow;
import dev.orchestrators.core.kinds.executor.Executor;
import dev.orchestrators.core.kinds.saga.Saga;
import dev.orchestrators.core.kinds.validator.Validator;
import dev.orchestrators.core.tool.Capability;
import dev.orchestrators.core.tool.InMemoryToolContainer;
import dev.orchestrators.core.tool.Tools;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The reference saga {@code account_provisioning}: create the account in the CRM ({@code crm_write},
 * undone by {@code crm_delete}), grant it access ({@code access_grant}, undone by {@code access_revoke}),
 * then create its mailbox ({@code mailbox_create}). When the third step fails (the sample mail server has
 * no mailboxes for plan {@code legacy}), the access is revoked and the CRM record deleted, in that order,
 * each at most once; the final envelope is FAILED with the mailbox error and
 * {@code metadata.details.saga} lists what was done and what was undone. Every side-effecting step
 * declares it needs validated input, and a validator runs first.
 *
 * <p>Payload: {@code {"account_id": "A-1", "email": "ada@acme.example", "plan": "team", "role": "member"}}.
 */
public final class AccountProvisioningSample {
    public static final String FLOW = "account_provisioning";

    private AccountProvisioningSample() {
    }

    public static Flow flow(SampleEnvironment env) {
        SampleSystems systems = env.systems();
        return Flow.newBuilder(FLOW)
                .description("saga: CRM record, access grant, mailbox; compensated in reverse when a step fails")
                .sideEffectsNeedValidation()
                .tools(InMemoryToolContainer.of(
                        env.tool(Tools.inMemory("crm_write", Capability.WRITE, systems::crmCreate)),
                        env.tool(Tools.inMemory("crm_delete", Capability.WRITE, systems::crmDelete)),
                        env.tool(Tools.inMemory("access_grant", Capability.WRITE, systems::grantAccess)),
                        env.tool(Tools.inMemory("access_revoke", Capability.WRITE, systems::revokeAccess)),
                        env.tool(Tools.inMemory("mailbox_create", Capability.WRITE, systems::createMailbox))))
                .orchestrator(ctx -> Saga.newBuilder(FLOW)
                        .validateWith(Validator.newBuilder("account_policy")
                                .rule("has_account", p -> present(p, "account_id"))
                                .rule("has_email", p -> present(p, "email"))
                                .rule("known_plan", p -> Map.of("team", 1, "enterprise", 1, "legacy", 1).containsKey(String.valueOf(p.get("plan")))
                                        ? Optional.empty() : Optional.of("plan '" + p.get("plan") + "' is not one of team, enterprise, legacy"))
                                .build(ctx))
                        .toolTimeout(env.toolTimeout())
                        .retryPolicy(env.retryPolicy())
                        .step(Executor.newBuilder("crm_write").name("create_crm_record").toolTimeout(env.toolTimeout())
                                .retryPolicy(env.retryPolicy())
                                .arguments((p, records) -> fields(p, "account_id", "email", "plan"))
                                .compensator("crm_delete")
                                .build(ctx))
                        .step(Executor.newBuilder("access_grant").name("grant_access").toolTimeout(env.toolTimeout())
                                .retryPolicy(env.retryPolicy())
                                .arguments((p, records) -> {
                                    Map<String, Object> args = fields(p, "account_id");
                                    args.put("role", p.get("role") == null ? "member" : p.get("role"));
                                    return args;
                                })
                                .compensator("access_revoke")
                                .build(ctx))
                        .step(Executor.newBuilder("mailbox_create").name("create_mailbox").toolTimeout(env.toolTimeout())
                                .retryPolicy(env.retryPolicy())
                                .arguments((p, records) -> fields(p, "account_id", "plan"))
                                .build(ctx))
                        .build(ctx))
                .build();
    }

    private static Optional<String> present(Payload payload, String field) {
        Object value = payload.get(field);
        return value instanceof String s && !s.isBlank() ? Optional.empty() : Optional.of("payload field '" + field + "' is required");
    }

    private static Map<String, Object> fields(Payload payload, String... names) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String name : names) {
            out.put(name, payload.get(name));
        }
        return out;
    }
}
