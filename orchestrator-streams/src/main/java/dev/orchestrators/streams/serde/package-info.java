/**
 * How requests and envelopes are written on Kafka topics. Public API, for clients that publish requests and read
 * answers, and for the runtime's own wiring.
 *
 * <ul>
 *   <li>{@link dev.orchestrators.streams.serde.JsonSerde}: JSON serdes of envelopes, audit records and
 *       {@link dev.orchestrators.streams.serde.Request}s ({@code {"run_id": optional, "payload": {...}}}), with the
 *       Jackson configuration of {@link dev.orchestrators.streams.serde.Json};
 *       {@link dev.orchestrators.streams.serde.RequestDeserializer} refuses a malformed request with a reason that the
 *       runtime puts on its dead letter.</li>
 *   <li>{@link dev.orchestrators.streams.serde.WireFormat}: one flow's format, JSON (the default) or Avro in the
 *       schema-registry wire format; {@link dev.orchestrators.streams.serde.WireFormats} holds every flow's, from the
 *       configuration. {@link dev.orchestrators.streams.serde.AvroSchemas} are the committed Avro schemas.</li>
 * </ul>
 * The audit, compensation, job and telemetry topics are JSON whatever a flow's format. The Avro encoding, the bounded
 * decoder and the fast envelope writer are package-private. See {@code docs/wire-format.md}.
 *
 * <pre>{@code
 * Serializer<Request> requests = JsonSerde.request().serializer();
 * try (Producer<String, Request> producer = new KafkaProducer<>(props, new StringSerializer(), requests)) {
 *     Request request = new Request(null, Map.of("lead_id", "L-42"));   // no run_id: the runtime makes one
 *     producer.send(new ProducerRecord<>(TopicNames.requests("lead_sync"), "L-42", request));
 * }
 * }</pre>
 */
package dev.orchestrators.streams.serde;
