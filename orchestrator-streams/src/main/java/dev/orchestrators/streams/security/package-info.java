/**
 * Least privilege from a flow's own declaration: the topics a flow needs, internal ones included
 * ({@link dev.orchestrators.streams.security.TopicPlan}, created by an administrator with
 * {@link dev.orchestrators.streams.security.TopicCreator}), and the ACLs its workers need and nothing more
 * ({@link dev.orchestrators.streams.security.AccessPlan}).
 *
 * <pre>{@code
 * Map<String, FlowPlan> plans = FlowPlan.of(registry, context, auditTopic);
 * FlowPlan leadSync = plans.get("lead_sync");
 * try (Admin admin = Admin.create(adminProps)) {                 // as an administrator
 *     new TopicCreator(admin, Duration.ofSeconds(30)).create(TopicPlan.of(leadSync, config));
 *     admin.createAcls(AccessPlan.of(leadSync, config, "User:lead-worker").bindings()).all().get();
 * }
 * }</pre>
 * The workers then run as {@code User:lead-worker} with {@code security.protocol}, {@code sasl.*} and
 * {@code ssl.*} set (see {@link dev.orchestrators.streams.config.ClientSecurity}).
 */
package dev.orchestrators.streams.security;
