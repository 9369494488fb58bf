package dev.orchestrators.streams;

/**
 * The topic layout: each flow has {@code <flow>.requests} (input), {@code <flow>.results} (envelopes)
 * and {@code <flow>.dlq} (records that could not be read or processed); every flow shares the
 * compacted {@code orchestrator.audit} topic.
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

    /** Kafka Streams application id of a flow's workers; all instances of a flow share it. */
    public static String applicationId(String prefix, String flow) {
        return prefix + flow;
    }
}
