package dev.orchestrators.streams.internals.shapes;

import dev.orchestrators.core.kinds.scheduler.Scheduler;
import dev.orchestrators.core.orchestrator.Orchestrator;
import dev.orchestrators.core.queue.ScheduledJob;
import dev.orchestrators.streams.FlowShape;
import dev.orchestrators.streams.TopicNames;
import dev.orchestrators.streams.TopicRequirement;
import dev.orchestrators.streams.internals.engine.FlowOutputs;
import dev.orchestrators.streams.internals.engine.FlowSpec;
import dev.orchestrators.streams.internals.engine.Output;
import dev.orchestrators.streams.serde.JsonSerde;
import dev.orchestrators.streams.serde.Request;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.Stores;

/**
 * A scheduler: requests plan jobs, kept in the compacted {@code <flow>.jobs} and fired into their target flows by a
 * sub-topology of their own (jobs are partitioned by job id, not like the requests):
 * <pre>
 *   requests -> [scheduler + pending, ledger]                  -> jobs | results | reply-to | audit | dlq
 *   jobs     -> [job store + jobs, jobs-due; wall-clock tick]  -> &lt;target&gt;.requests ... | jobs | results | audit
 * </pre>
 */
final class SchedulerShape extends Shape {
    static final String NODE = "scheduler";
    static final String JOBS_SOURCE = "jobs-source";
    static final String JOB_STORE_NODE = "job-store";
    static final String JOB_OUTPUTS = "job-outputs";
    /** Suffix of the store of a scheduler's pending jobs, by job id. */
    static final String JOBS_STORE = "-jobs";
    /** Suffix of the store of the pending jobs' due-time index. */
    static final String JOBS_DUE_STORE = "-jobs-due";

    static String jobsStore(String flow) {
        return flow + JOBS_STORE;
    }

    static String jobsDueStore(String flow) {
        return flow + JOBS_DUE_STORE;
    }

    SchedulerShape() {
        super(FlowShape.SCHEDULER, Scheduler.class);
    }

    @Override
    public Set<String> extraInputs(String flow, Orchestrator orchestrator) {
        return Set.of(TopicNames.jobs(flow));
    }

    @Override
    public Set<String> extraOutputs(String flow, Orchestrator orchestrator) {
        Set<String> topics = new LinkedHashSet<>();
        topics.add(TopicNames.jobs(flow));
        ((Scheduler) orchestrator).targets().forEach(target -> topics.add(TopicNames.requests(target)));
        return topics;
    }

    @Override
    public List<TopicRequirement> requirements(String flow) {
        return List.of(TopicRequirement.compacted(TopicNames.jobs(flow)));
    }

    @Override
    public List<String> extraStores(String flow) {
        return List.of(jobsStore(flow), jobsDueStore(flow));
    }

    /** The job stores sit with the jobs topic; the pending and ledger stores with the requests. */
    @Override
    public String sourceOf(String flow, String store) {
        return store.equals(jobsStore(flow)) || store.equals(jobsDueStore(flow)) ? TopicNames.jobs(flow) : TopicNames.requests(flow);
    }

    @Override
    public KStream<String, Output> build(StreamsBuilder builder, FlowSpec spec, KStream<String, Request> requests,
                                         Orchestrator probe) {
        String flow = spec.name();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(jobsStore(flow)),
                Serdes.String(), JsonSerde.of(ScheduledJob.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(jobsDueStore(flow)),
                Serdes.String(), Serdes.String()));
        KStream<String, Output> out = process(requests, spec, NODE, () -> new SchedulerProcessor(spec));
        KStream<String, Output> fired = builder.stream(TopicNames.jobs(flow),
                        Consumed.with(Serdes.String(), JsonSerde.of(JobCommand.class)).withName(JOBS_SOURCE))
                .process(() -> new JobStoreProcessor(spec), Named.as(JOB_STORE_NODE), jobsStore(flow), jobsDueStore(flow));
        // The job store answers cancellations and fires jobs: the results and the audit, and what the shape adds.
        Set<String> jobOutputs = new LinkedHashSet<>(List.of(TopicNames.results(flow), spec.auditTopic()));
        jobOutputs.addAll(extraOutputs(flow, probe));
        FlowOutputs.branch(fired, JOB_OUTPUTS, jobOutputs);
        return out;
    }
}
