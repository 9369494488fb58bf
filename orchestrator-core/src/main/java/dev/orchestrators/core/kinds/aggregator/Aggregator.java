package dev.orchestrators.core.kinds.aggregator;

import dev.orchestrators.core.envelope.EnvelopeRecord;
import dev.orchestrators.core.envelope.Payload;
import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.core.internal.RunContext;
import dev.orchestrators.core.orchestrator.BaseOrchestrator;
import dev.orchestrators.core.orchestrator.OrchestratorBuilder;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.orchestrator.Step;
import dev.orchestrators.core.orchestrator.StepContext;
import dev.orchestrators.core.orchestrator.StepOutcome;
import dev.orchestrators.core.orchestrator.Steps;
import dev.orchestrators.core.tool.Capability;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Calls several sources at once (a database read, a vector search, an external API) and merges their
 * records into one envelope.
 * <ul>
 *   <li><b>Sources</b>: each is one tool call through {@link StepContext#call} (capabilities, per-call
 *       time-out and retries apply) whose answer becomes records as in {@link Steps#records}. Each record
 *       gets a provenance entry {@code produced} whose step is the source's name.</li>
 *   <li><b>Merge</b>: records sharing a dedupe key (by default the record key) become one record; the first
 *       source in declaration order wins a conflicting field, later ones only fill missing fields, and the
 *       provenance lists every contribution plus one {@code merged} entry. Records come out in order of
 *       first appearance (sources in declaration order, then record order).</li>
 *   <li><b>Deadline</b>: the whole fan-out is bounded by {@link Builder#timeout} on the runtime's timer.
 *       A source that fails or has not answered by then makes the envelope PARTIAL, with a reason naming
 *       it; an answer arriving later changes nothing. When no source answers, or under
 *       {@link Builder#requireAll()} any source fails, the run fails with {@link SourcesFailedException}.
 *       Retry deferrals, refused capabilities and wiring errors are not source failures: they stop the run.</li>
 * </ul>
 * Every envelope (FAILED ones too) reports each source in {@code metadata.details.sources}:
 * {@code {"crm": {"status": "ok", "records": 2}, "vectors": {"status": "failed", "records": 0,
 * "error": {"type": "BadRequest", "message": "..."}}, "web": {"status": "timed_out", "records": 0}}}.
 *
 * <p>As a step of a coordinator it calls its sources with the payload and replaces the records handed to
 * it. Thread-safe: one instance serves many concurrent runs.
 */
public final class Aggregator extends BaseOrchestrator implements Step {
    /** The kind's name. */
    public static final String KIND = "aggregator";
    /** The key of the per-source report in {@code metadata.details}. */
    public static final String SOURCES_DETAIL = "sources";
    /** How long the fan-out may take unless {@link Builder#timeout} says otherwise: 10 s. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final List<Source> sources;
    private final Function<EnvelopeRecord, String> dedupeKey;
    private final Duration timeout;
    private final boolean requireAll;

    private Aggregator(Builder b, OrchestratorContext context) {
        super(b.name(), b.settings(), context);
        this.sources = List.copyOf(b.sources);
        this.dedupeKey = b.dedupeKey;
        this.timeout = b.timeout;
        this.requireAll = b.requireAll;
    }

    /** A builder for an aggregator called {@code name}. */
    public static Builder newBuilder(String name) {
        return new Builder().name(name);
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    protected Set<String> toolNames() {
        Set<String> tools = new LinkedHashSet<>();
        sources.forEach(source -> tools.add(source.tool()));
        return tools;
    }

    @Override
    protected CompletionStage<StepOutcome> perform(RunContext run) {
        return runStep(run, this, List.of());
    }

    /** Calls the sources with the run's payload; {@code input} records are replaced by theirs. */
    @Override
    public CompletionStage<StepOutcome> apply(StepContext outer, List<EnvelopeRecord> input) {
        return new FanOut(outer.asOrchestrator(name(), settings()), name(), sources, timeout, dedupeKey, requireAll).start();
    }

    /**
     * Builder. Defaults: capability READ, the default retry policy, a {@linkplain #DEFAULT_TIMEOUT 10 s}
     * fan-out deadline, de-duplication by record key, partial results allowed.
     */
    public static final class Builder extends OrchestratorBuilder<Builder, Aggregator> {
        private final List<Source> sources = new ArrayList<>();
        private Function<EnvelopeRecord, String> dedupeKey = EnvelopeRecord::key;
        private Duration timeout = DEFAULT_TIMEOUT;
        private boolean requireAll;

        private Builder() {
            super(KIND, Capability.READ);
        }

        /**
         * Adds a source, called concurrently with the others; declaration order decides who wins a field
         * conflict and the order of the records.
         *
         * @param sourceName the source's name, in provenance, the report and the reason
         * @param tool       the tool to call
         * @param arguments  the call's arguments, from the payload
         * @param keyField   the field of each answered record that is its key
         * @throws ConfigurationException when a name is blank or another source has the same name
         * @throws NullPointerException   when {@code arguments} is null
         */
        public Builder source(String sourceName, String tool, Function<Payload, Map<String, Object>> arguments,
                              String keyField) {
            requireText(sourceName, "a source name");
            requireText(tool, "source '" + sourceName + "''s tool");
            requireText(keyField, "source '" + sourceName + "''s key field");
            Objects.requireNonNull(arguments, "arguments");
            if (sources.stream().anyMatch(s -> s.name().equals(sourceName))) {
                throw new ConfigurationException("aggregator '" + name() + "' has two sources named '" + sourceName + "'");
            }
            sources.add(new Source(sourceName, tool, arguments, keyField));
            return this;
        }

        /** Merges records whose {@code key} is equal; a record for which it returns {@code null} is never merged. */
        public Builder dedupeBy(Function<EnvelopeRecord, String> key) {
            this.dedupeKey = Objects.requireNonNull(key, "key");
            return this;
        }

        /**
         * Merges records with equal values (as strings) of {@code field}; a record without it is never merged.
         *
         * @throws ConfigurationException when {@code field} is blank
         */
        public Builder dedupeByField(String field) {
            requireText(field, "the dedupe field");
            return dedupeBy(record -> record.field(field) == null ? null : record.field(field).toString());
        }

        /**
         * How long the whole fan-out may take; sources that have not answered by then count as timed out.
         *
         * @throws ConfigurationException when {@code value} is not positive
         */
        public Builder timeout(Duration value) {
            Objects.requireNonNull(value, "value");
            if (value.isZero() || value.isNegative()) {
                throw new ConfigurationException("aggregator '" + name() + "' timeout must be > 0, was " + value);
            }
            this.timeout = value;
            return this;
        }

        /** Fails the run when any source fails or times out, instead of returning a PARTIAL envelope. */
        public Builder requireAll() {
            this.requireAll = true;
            return this;
        }

        /** @throws ConfigurationException when no source was added, or the shared settings are invalid */
        @Override
        public Aggregator build(OrchestratorContext context) {
            if (sources.isEmpty()) {
                throw new ConfigurationException("aggregator '" + name() + "' needs at least one source");
            }
            return new Aggregator(this, context);
        }

        private static void requireText(String value, String what) {
            if (value == null || value.isBlank()) {
                throw new ConfigurationException(what + " must not be blank");
            }
        }
    }
}
