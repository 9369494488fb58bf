package dev.orchestrators.streams.registry;

import java.util.Locale;
import org.apache.avro.Schema;

/**
 * Which registry subject a topic's values are registered under, named as in the Confluent serializers'
 * {@code value.subject.name.strategy}: {@code topic} (TopicNameStrategy, the default: {@code <topic>-value}),
 * {@code record} (RecordNameStrategy: the record's full name) and {@code topic_record} (TopicRecordNameStrategy:
 * {@code <topic>-<full name>}).
 */
public enum SubjectNameStrategy {
    TOPIC, RECORD, TOPIC_RECORD;

    /** The subject of values of {@code topic} written with {@code schema}. */
    public String subject(String topic, Schema schema) {
        return switch (this) {
            case TOPIC -> topic + "-value";
            case RECORD -> schema.getFullName();
            case TOPIC_RECORD -> topic + "-" + schema.getFullName();
        };
    }

    /** The configuration value naming this strategy: {@code topic}, {@code record} or {@code topic_record}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The strategy named {@code name} ({@code topic}, {@code record}, {@code topic_record}).
     *
     * @throws IllegalArgumentException for another name
     */
    public static SubjectNameStrategy of(String name) {
        for (SubjectNameStrategy strategy : values()) {
            if (strategy.configName().equals(name)) {
                return strategy;
            }
        }
        throw new IllegalArgumentException("unknown subject name strategy '" + name + "'; use topic, record or topic_record");
    }
}
