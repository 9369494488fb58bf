package dev.orchestrators.samples;

import dev.orchestrators.core.tool.Capability;
import dev.orchestrators.core.tool.InMemoryToolContainer;
import dev.orchestrators.core.tool.Tool;
import dev.orchestrators.core.tool.ToolCall;
import dev.orchestrators.core.tool.ToolResult;
import dev.orchestrators.core.tool.Tools;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.zip.CRC32;

/**
 * SAMPLE tools for {@link LeadSyncSample}: deterministic, in-memory stand-ins for a CRM read, a company
 * enrichment API and an email sender. They derive their data from the lead id, so any id works and the
 * same id always gives the same answer. Not for production use.
 *
 * <p>{@link #withLatency} simulates I/O latency without holding a thread: the answer is completed by a
 * scheduler after the delay, as a real asynchronous client would.
 */
public final class SampleTools {
    public static final String DATA_COORDINATOR = "data_coordinator";
    public static final String ENRICHMENT = "enrichment_service";
    public static final String DELIVERY = "delivery";

    private static final List<String> FIRST = List.of("Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken");
    private static final List<String> LAST = List.of("Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen", "Thompson");
    private static final List<String> COMPANIES = List.of("acme", "globex", "initech", "umbrella", "hooli", "stark", "wayne", "tyrell");
    private static final List<String> INDUSTRIES = List.of("manufacturing", "software", "logistics", "biotech", "media", "energy");

    private SampleTools() {
    }

    /** The three sample tools answering at once. */
    public static InMemoryToolContainer inMemory() {
        return InMemoryToolContainer.of(
                Tools.inMemory(DATA_COORDINATOR, Capability.READ, SampleTools::fetchLead),
                Tools.inMemory(ENRICHMENT, Capability.READ, SampleTools::enrichCompany),
                Tools.inMemory(DELIVERY, Capability.SEND, SampleTools::deliver));
    }

    /** The three sample tools, each answering after {@code latency}, completed by {@code scheduler}. */
    public static InMemoryToolContainer withLatency(Duration latency, ScheduledExecutorService scheduler) {
        return InMemoryToolContainer.of(
                delayed(DATA_COORDINATOR, Capability.READ, SampleTools::fetchLead, latency, scheduler),
                delayed(ENRICHMENT, Capability.READ, SampleTools::enrichCompany, latency, scheduler),
                delayed(DELIVERY, Capability.SEND, SampleTools::deliver, latency, scheduler));
    }

    private static Tool delayed(String name, Capability capability, Function<ToolCall, Map<String, Object>> body,
                                Duration latency, ScheduledExecutorService scheduler) {
        Objects.requireNonNull(scheduler, "scheduler");
        return Tools.async(name, capability, call -> {
            CompletableFuture<ToolResult> answer = new CompletableFuture<>();
            scheduler.schedule(() -> {
                try {
                    answer.complete(ToolResult.of(body.apply(call)));
                } catch (RuntimeException e) {
                    answer.completeExceptionally(e);
                }
            }, latency.toNanos(), TimeUnit.NANOSECONDS);
            return answer;
        });
    }

    static Map<String, Object> fetchLead(ToolCall call) {
        String leadId = call.requireString("lead_id");
        long h = hash(leadId);
        String first = FIRST.get((int) (h % FIRST.size()));
        String last = LAST.get((int) ((h >>> 8) % LAST.size()));
        String company = COMPANIES.get((int) ((h >>> 16) % COMPANIES.size()));
        Map<String, Object> lead = new LinkedHashMap<>();
        lead.put("lead_id", leadId);
        lead.put("name", first + " " + last);
        lead.put("email", first.toLowerCase() + "." + last.toLowerCase() + "@" + company + ".example");
        lead.put("company_domain", company + ".example");
        lead.put("score", (int) ((h >>> 24) % 100));
        return lead;
    }

    static Map<String, Object> enrichCompany(ToolCall call) {
        String domain = call.requireString("company_domain");
        long h = hash(domain);
        String company = domain.substring(0, domain.indexOf('.') > 0 ? domain.indexOf('.') : domain.length());
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("company_name", Character.toUpperCase(company.charAt(0)) + company.substring(1) + " Inc.");
        info.put("industry", INDUSTRIES.get((int) (h % INDUSTRIES.size())));
        info.put("employees", 10 + (int) ((h >>> 8) % 5000));
        return info;
    }

    static Map<String, Object> deliver(ToolCall call) {
        String key = call.requireString("delivery_key");
        return Map.of("delivery_id", "dlv-" + Long.toHexString(hash(key)), "channel", "email");
    }

    /** A short, stable hex digest of {@code value}, for sample ids. */
    static String shortHash(String value) {
        return Long.toHexString(hash(value));
    }

    /** {@code tool} answering after {@code latency}, completed by {@code scheduler}, as a real asynchronous client would. */
    public static Tool withLatency(Tool tool, Duration latency, ScheduledExecutorService scheduler) {
        if (latency.isZero()) {
            return tool;
        }
        Objects.requireNonNull(scheduler, "scheduler");
        return Tools.async(tool.name(), tool.capability(), call -> {
            CompletableFuture<ToolResult> answer = new CompletableFuture<>();
            scheduler.schedule(() -> tool.invoke(call).whenComplete((result, failure) -> {
                if (failure == null) {
                    answer.complete(result);
                } else {
                    answer.completeExceptionally(failure);
                }
            }), latency.toNanos(), TimeUnit.NANOSECONDS);
            return answer;
        });
    }

    static long hash(String value) {
        CRC32 crc = new CRC32();
        crc.update(value.getBytes(StandardCharsets.UTF_8));
        return crc.getValue();
    }
}
