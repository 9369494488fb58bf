package dev.orchestrators.streams;

/**
 * The topic layout: each flow has {@code <flow>.requests} (input), {@code <flow>.results} (envelopes)
 * and {@code <flow>.dlq} (records that could not be read or processed); a saga also has
 * {@code <flow>.compensations} (its compensation commands, co-partitioned with its requests), a scheduler
 * {@code <flow>.jobs} (compacted, its pending jobs by id). Every flow shares the compacted
 * {@code orchestrator.audit} topic; sampled telemetry goes to {@code orchestrator.telemetry}.
 */
public final class TopicNames {
    /** Default audit topic, compacted, keyed {@code <run_id>/<orchestrator>[/<kind>/<subject>]}. */
    public static final String AUDIT = "orchestrator.audit";

    private TopicNames() {
    }

    public static String requests(String flow) {
        return flow + ".requests";
    }

    public static String results(String flow) {
        return flow + ".results";
    }

    public static String deadLetters(String flow) {
        return flow + ".dlq";
    }

    /** Default telemetry topic: sampled snapshots of envelopes (no payload data). */
    public static final String TELEMETRY = "orchestrator.telemetry";

    /** A saga's compensation commands, keyed like its requests and on the same partitions. */
    public static String compensations(String flow) {
        return flow + ".compensations";
    }

    /** A scheduler's pending jobs, keyed by job id, compacted. */
    public static String jobs(String flow) {
        return flow + ".jobs";
    }

    /** Envelopes a replay produced ({@code bin/orchestrator replay}): never the live results. */
    public static String replay(String flow) {
        return flow + ".replay";
    }

    /** Kafka Streams application id of a flow's workers; all instances of a flow share it. */
    public static String applicationId(String prefix, String flow) {
        return prefix + flow;
    }

    /** The changelog Kafka Streams keeps of state store {@code store} of application {@code applicationId}. */
    public static String changelog(String applicationId, String store) {
        return applicationId + "-" + store + "-changelog";
    }
}
