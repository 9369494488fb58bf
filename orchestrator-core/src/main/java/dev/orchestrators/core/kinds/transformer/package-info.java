/**
 * The transformer: deterministic transforms and validation of records, with a validation report in
 * {@code metadata.details.validation}; invalid records are dropped or annotated.
 *
 * <pre>{@code
 * Transformer normalize = Transformer.newBuilder("normalize_lead")
 *     .transform("trim", Transforms.trim("email", "name"))
 *     .transform("lowercase_email", Transforms.lowercase("email"))
 *     .schema(RecordSchema.newBuilder()
 *         .field(RecordSchema.Field.required("email", FieldType.STRING).withPattern("[^@\\s]+@[^@\\s]+"))
 *         .optional("country", FieldType.STRING)
 *         .build())
 *     .validationTool("validation_agent", r -> Map.of("email", r.field("email")))
 *     .onInvalid(InvalidRecordPolicy.ANNOTATE)
 *     .build(context);
 * }</pre>
 */
package dev.orchestrators.core.kinds.transformer;
