package dev.orchestrators.samples;

import dev.orchestrators.core.envelope.Payload;
import dev.orchestrators.core.flow.Flow;
import dev.orchestrators.core.kinds.coordinator.Coordinator;
import dev.orchestrators.core.kinds.enricher.Enricher;
import dev.orchestrators.core.kinds.executor.Executor;
import dev.orchestrators.core.kinds.router.Router;
import dev.orchestrators.core.kinds.transformer.FieldType;
import dev.orchestrators.core.kinds.transformer.InvalidRecordPolicy;
import dev.orchestrators.core.kinds.transformer.RecordSchema;
import dev.orchestrators.core.kinds.transformer.Transformer;
import dev.orchestrators.core.kinds.transformer.Transforms;
import dev.orchestrators.core.kinds.validator.Validator;
import dev.orchestrators.core.orchestrator.Steps;
import dev.orchestrators.core.tool.Capability;
import dev.orchestrators.core.tool.InMemoryToolContainer;
import dev.orchestrators.core.tool.ToolCall;
import dev.orchestrators.core.tool.Tools;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The reference router {@code support_triage}: an incoming email is either a sales lead or a support
 * request. Rules decide the obvious ones (pricing, demo, quote → lead; error, bug, broken → support); a light
 * classifier tool ({@code email_classifier}) decides the rest. Leads go to the sub-flow {@code lead_intake}
 * (validate the sender, parse, normalise, resolve the company), support requests to {@code support_ticket}
 * (validate, parse, open a ticket: a WRITE that the flow declares needs validated input). The caller reads the
 * chosen sub-flow's envelope on {@code support_triage.results}, with the route in {@code metadata.details.route}.
 *
 * <p>Payload: {@code {"from": "ada@acme.example", "subject": "...", "body": "..."}}. Sample tools only.
 */
public final class SupportTriageSample {
    public static final String FLOW = "support_triage";
    public static final String LEAD_INTAKE = "lead_intake";
    public static final String SUPPORT_TICKET = "support_ticket";
    static final String CLASSIFIER = "email_classifier";
    static final String PARSER = "email_parser";
    static final String TICKETS = "ticket_system";

    private SupportTriageSample() {
    }

    /** The router. */
    public static Flow router(SampleEnvironment env) {
        return Flow.newBuilder(FLOW)
                .description("route an email to lead_intake or support_ticket (rules, then a classifier tool)")
                .tools(InMemoryToolContainer.of(env.tool(Tools.inMemory(CLASSIFIER, Capability.READ, SupportTriageSample::classify))))
                .orchestrator(ctx -> Router.newBuilder(FLOW)
                        .route("lead", LEAD_INTAKE)
                        .route("support", SUPPORT_TICKET)
                        .rule("lead", p -> mentions(p, "pricing", "demo", "quote", "trial"))
                        .rule("support", p -> mentions(p, "error", "bug", "broken", "outage", "crash"))
                        .classifier(CLASSIFIER, p -> Map.of("subject", text(p, "subject"), "body", text(p, "body")), "label")
                        .build(ctx))
                .build();
    }

    /** The lead sub-flow: validate the sender, parse the email into a lead, normalise it, resolve its company. */
    public static Flow leadIntake(SampleEnvironment env) {
        return Flow.newBuilder(LEAD_INTAKE)
                .description("validate, parse, normalise and enrich a lead email")
                .tools(InMemoryToolContainer.of(
                        env.tool(Tools.inMemory(PARSER, Capability.READ, SupportTriageSample::parse)),
                        env.tool(Tools.inMemory(SampleTools.ENRICHMENT, Capability.READ, SampleTools::enrichCompany))))
                .orchestrator(ctx -> Coordinator.newBuilder(LEAD_INTAKE)
                        .capabilities(Capability.READ)
                        .step(senderPolicy(ctx))
                        .step(Steps.fetch("parse_email", PARSER, SupportTriageSample::emailArguments, "key"))
                        .step(Transformer.newBuilder("normalize_lead")
                                .transform("trim", Transforms.trim("email", "name"))
                                .transform("lowercase_email", Transforms.lowercase("email"))
                                .schema(RecordSchema.newBuilder()
                                        .required("email", FieldType.STRING)
                                        .required("company_domain", FieldType.STRING)
                                        .build())
                                .onInvalid(InvalidRecordPolicy.DROP)
                                .build(ctx))
                        .step(Enricher.newBuilder(SampleTools.ENRICHMENT)
                                .arguments(record -> Map.of("company_domain", String.valueOf(record.field("company_domain"))))
                                .allowPartial()
                                .build(ctx))
                        .build(ctx))
                .build();
    }

    /** The support sub-flow: validate, parse, open a ticket (a WRITE declared to need validated input). */
    public static Flow supportTicket(SampleEnvironment env) {
        return Flow.newBuilder(SUPPORT_TICKET)
                .description("validate, parse and open a support ticket")
                .tools(InMemoryToolContainer.of(
                        env.tool(Tools.inMemory(PARSER, Capability.READ, SupportTriageSample::parse)),
                        env.tool(Tools.inMemory(TICKETS, Capability.WRITE, env.systems()::createTicket))))
                .orchestrator(ctx -> Coordinator.newBuilder(SUPPORT_TICKET)
                        .capabilities(Capability.READ)
                        .step(senderPolicy(ctx))
                        .step(Steps.fetch("parse_email", PARSER, SupportTriageSample::emailArguments, "key"))
                        .step(Executor.newBuilder(TICKETS)
                                .name("open_ticket")
                                .requireValidatedInput()
                                .arguments((payload, records) -> Map.of("subject", text(payload, "subject"),
                                        "from", text(payload, "from")))
                                .build(ctx))
                        .build(ctx))
                .build();
    }

    /** Refuses mail without a sender or from a blocked domain, before any heavy work. */
    private static Validator senderPolicy(dev.orchestrators.core.orchestrator.OrchestratorContext ctx) {
        return Validator.newBuilder("sender_policy")
                .rule("has_sender", p -> text(p, "from").contains("@") ? Optional.empty()
                        : Optional.of("the email has no sender address"))
                .rule("not_blocked", p -> text(p, "from").endsWith("@spam.example")
                        ? Optional.of("sender domain spam.example is blocked") : Optional.empty())
                .build(ctx);
    }

    private static boolean mentions(Payload payload, String... words) {
        String text = (text(payload, "subject") + " " + text(payload, "body")).toLowerCase(Locale.ROOT);
        for (String word : words) {
            if (text.contains(word)) {
                return true;
            }
        }
        return false;
    }

    private static String text(Payload payload, String field) {
        Object value = payload.get(field);
        return value == null ? "" : value.toString();
    }

    private static Map<String, Object> emailArguments(Payload payload) {
        return Map.of("from", text(payload, "from"), "subject", text(payload, "subject"), "body", text(payload, "body"));
    }

    /** A keyword classifier: questions about buying are leads, everything else support. */
    static Map<String, Object> classify(ToolCall call) {
        String text = (call.argument("subject") + " " + call.argument("body")).toLowerCase(Locale.ROOT);
        boolean lead = List.of("buy", "price", "licen", "sales", "interested", "contract").stream().anyMatch(text::contains);
        return Map.of("label", lead ? "lead" : "support", "confidence", lead ? 0.8 : 0.6);
    }

    /** Parses the sender into a record: email, name, company domain. */
    static Map<String, Object> parse(ToolCall call) {
        String from = String.valueOf(call.argument("from")).trim();
        int at = from.indexOf('@');
        String local = at > 0 ? from.substring(0, at) : from;
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("key", from.toLowerCase(Locale.ROOT));
        record.put("email", " " + from + " ");
        record.put("name", "  " + capitalise(local.replace('.', ' ')) + " ");
        if (at > 0) {
            record.put("company_domain", from.substring(at + 1).toLowerCase(Locale.ROOT));
        }
        record.put("subject", String.valueOf(call.argument("subject")));
        return record;
    }

    private static String capitalise(String words) {
        UnaryOperator<String> cap = w -> w.isEmpty() ? w : Character.toUpperCase(w.charAt(0)) + w.substring(1);
        StringBuilder out = new StringBuilder();
        for (String w : words.split(" ")) {
            out.append(out.length() == 0 ? "" : " ").append(cap.apply(w));
        }
        return out.toString();
    }
}
