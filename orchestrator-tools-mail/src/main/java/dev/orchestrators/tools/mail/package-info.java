/**
 * The {@code smtp} tool: sends email through an SMTP server with Jakarta Mail (Angus), as a SEND tool
 * ({@link dev.orchestrators.tools.mail.SmtpTool}, made by {@link dev.orchestrators.tools.mail.SmtpToolFactory}).
 *
 * <pre>{@code
 * -D tool.delivery.type=smtp
 * -D tool.delivery.host=smtp.example.com -D tool.delivery.port=587 -D tool.delivery.security=starttls
 * -D tool.delivery.user=leads -D tool.delivery.password=file:/run/secrets/smtp-password
 * -D "tool.delivery.from=Lead desk <leads@example.com>"
 * -D "tool.delivery.subject.template=New lead: {name} at {company_name}"
 * }</pre>
 *
 * A call from {@code DeliveryOrchestrator} ({@code fields}, {@code record_key}, {@code idempotency_key}) sends one
 * email to the record's {@code email} field and answers
 * {@code {"delivery_id": "<5f0c...e1.delivery@example.com>", "message_id": ..., "accepted": [...], "server_reply": "250 ..."}};
 * the Message-ID is derived from the idempotency key. A connection failure after the whole message was written and
 * before the server's 250 is an {@code IndeterminateOutcome}: never sent again. Everything else is internal to
 * this package.
 */
package dev.orchestrators.tools.mail;
