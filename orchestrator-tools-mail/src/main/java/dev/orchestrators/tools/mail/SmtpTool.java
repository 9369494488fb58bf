package dev.orchestrators.tools.mail;

import dev.orchestrators.core.errors.IndeterminateOutcomeException;
import dev.orchestrators.core.errors.OrchestratorException;
import dev.orchestrators.core.tool.Capability;
import dev.orchestrators.core.tool.ToolCall;
import dev.orchestrators.core.tool.ToolResult;
import dev.orchestrators.tools.AdapterMeters;
import dev.orchestrators.tools.BlockingCalls;
import dev.orchestrators.tools.ToolAdapter;
import dev.orchestrators.tools.ToolCalls;
import dev.orchestrators.tools.ToolHealth;
import dev.orchestrators.tools.ToolSettings;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A SEND tool that emails through an SMTP server with Jakarta Mail (Angus): {@code tool.<name>.type=smtp}.
 *
 * <p><b>A call</b> carries {@code idempotency_key} (required) and either what to send ({@code to}, {@code subject},
 * {@code text}, optional {@code html}, {@code cc}, {@code bcc}, {@code reply_to}, {@code from_name}) or a record to
 * send ({@code fields}, {@code record_key}: what {@code DeliveryOrchestrator} passes), turned into a message by the
 * templates and {@code to.field} (see {@link MailComposer}). It answers
 * {@code {"delivery_id": <Message-ID>, "message_id": <Message-ID>, "accepted": [recipients], "server_reply": "250 ..."}}.
 *
 * <p><b>At most once.</b> The Message-ID is derived from the idempotency key, so every attempt of one send carries the
 * same Message-ID and receivers can recognise a repeat. Within this tool, a key being sent is not sent again
 * concurrently (a second call joins the first: the runtime's tool time-out may fire while a slow send is still
 * running), and a key whose send ended accepted or indeterminate in the last {@value #REMEMBERED} sends is answered
 * from memory (the same answer, or the same indeterminate outcome), not sent again. A message
 * reaches all its recipients or none (Jakarta's {@code sendpartial} is off: a refused recipient aborts the
 * transaction before {@code DATA}). A failure after the whole message was written and before the server's 250 is an
 * {@link IndeterminateOutcomeException}, never retried: the server may have accepted it.
 *
 * <p><b>Threads.</b> {@link #invoke} checks and composes the message on the caller's thread (no I/O, so a bad call
 * fails at once without touching the server) and sends on the tool's {@link BlockingCalls}: {@code pool.size} threads
 * named {@code tool-<name>-<n>}, each using one kept SMTP connection ({@link SmtpSessions}), {@code queue.size} calls
 * waiting; beyond that, a transient {@code Saturated}. Failures are classified by {@link SmtpFailures}.
 * Thread-safe.
 */
public final class SmtpTool implements ToolAdapter {
    /** How many recent sends are remembered by idempotency key. */
    static final int REMEMBERED = 4096;
    private static final Logger LOG = LoggerFactory.getLogger(SmtpTool.class);

    private final ToolSettings raw;
    private final SmtpSettings settings;
    private final AdapterMeters meters;
    private final Runnable onClientCall;
    private final ScheduledThreadPoolExecutor writeTimeouts;
    private final MailComposer composer;
    private final SmtpSessions sessions;
    private final SmtpFailures failures;
    private final BlockingCalls calls;
    private final SmtpHealth health;
    private final Map<String, CompletableFuture<ToolResult>> inFlight = new ConcurrentHashMap<>();
    private final RecentSends recent = new RecentSends(REMEMBERED);

    /**
     * A tool from its {@code tool.<name>.*} settings, metered in Micrometer's global registry.
     *
     * @throws dev.orchestrators.core.errors.ConfigurationException naming the key of a missing or bad setting
     */
    public SmtpTool(ToolSettings settings) {
        this(settings, AdapterMeters.global(settings.toolName(), SmtpToolFactory.TYPE));
    }

    /** {@link #SmtpTool(ToolSettings)} with its meters in {@code meters} (tests inject a registry). */
    public SmtpTool(ToolSettings settings, AdapterMeters meters) {
        this(settings, meters, () -> { });
    }

    /** @param onClientCall runs on the thread that is about to use the SMTP client (tests record its name) */
    SmtpTool(ToolSettings settings, AdapterMeters meters, Runnable onClientCall) {
        this.raw = settings;
        this.settings = SmtpSettings.from(settings);
        this.meters = meters;
        this.onClientCall = onClientCall;
        this.writeTimeouts = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "tool-" + settings.toolName() + "-write-timeout");
            thread.setDaemon(true);
            return thread;
        });
        this.writeTimeouts.setRemoveOnCancelPolicy(true);
        Session session = Session.getInstance(this.settings.sessionProperties(writeTimeouts));
        this.composer = new MailComposer(this.settings, session);
        this.sessions = new SmtpSessions(this.settings, session, System::nanoTime);
        this.failures = new SmtpFailures(settings.toolName());
        this.calls = new BlockingCalls(settings.toolName(), this.settings.poolSize(), this.settings.queueSize(), meters);
        this.health = new SmtpHealth(this.settings, sessions, failures);
    }

    @Override
    public String name() {
        return settings.tool();
    }

    @Override
    public Capability capability() {
        return Capability.SEND;
    }

    @Override
    public String type() {
        return SmtpToolFactory.TYPE;
    }

    /**
     * Sends the message the call describes; see the class comment. Never blocks and never throws: every failure
     * completes the stage, as {@code InputRefused} or {@code MissingIdempotencyKey} (permanent, before any I/O),
     * {@code Saturated}, a classified SMTP failure, or an {@link IndeterminateOutcomeException}.
     */
    @Override
    public CompletionStage<ToolResult> invoke(ToolCall call) {
        long started = meters.start();
        String key;
        MailComposer.Composed mail;
        try {
            key = ToolCalls.requireIdempotencyKey(call);
            CompletableFuture<ToolResult> ended = recent.get(key);
            if (ended != null) {
                return ended;
            }
            mail = composer.compose(call, key);
        } catch (RuntimeException refused) {
            meters.record(started, refused);
            return CompletableFuture.failedFuture(refused);
        }
        return sendOnce(key, mail, started).thenApply(result -> result);
    }

    /** The send of {@code key}: the one running, the one that just ended, or a new one. */
    private CompletableFuture<ToolResult> sendOnce(String key, MailComposer.Composed mail, long started) {
        CompletableFuture<ToolResult> mine = new CompletableFuture<>();
        CompletableFuture<ToolResult> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            return running; // the send of this key already running answers both calls
        }
        CompletableFuture<ToolResult> ended = recent.get(key); // it may have ended between the first look and now
        if (ended != null) {
            inFlight.remove(key, mine);
            return ended;
        }
        calls.submit(() -> send(mail, key)).whenComplete((result, failure) -> {
            meters.record(started, failure);
            recent.ended(key, result, failure);
            inFlight.remove(key, mine);
            if (failure != null) {
                mine.completeExceptionally(failure);
            } else {
                mine.complete(result);
            }
        });
        return mine;
    }

    private ToolResult send(MailComposer.Composed mail, String key) {
        onClientCall.run();
        SmtpSessions.Receipt receipt;
        try {
            receipt = sessions.send(mail);
        } catch (SmtpAttemptException e) {
            OrchestratorException failure = failures.classify(e.getCause(), e.phase(), e.endOfDataReply(), e.failureReply(), key);
            if (failure instanceof IndeterminateOutcomeException) {
                LOG.warn("tool '{}': the outcome of sending {} (idempotency key {}) is unknown: {}", settings.tool(),
                        mail.messageId(), key, failure.getMessage());
            }
            throw failure;
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("delivery_id", mail.messageId());
        answer.put("message_id", mail.messageId());
        answer.put("accepted", mail.recipients().stream().map(InternetAddress::getAddress).toList());
        answer.put("server_reply", receipt.serverReply());
        return ToolResult.of(answer);
    }

    /** Connects with the configured security and credentials, then EHLO (in the connect) and NOOP; never fails. */
    @Override
    public CompletionStage<ToolHealth> checkHealth() {
        return health.check();
    }

    @Override
    public int capacity() {
        return calls.capacity();
    }

    @Override
    public Map<String, String> describe() {
        return raw.describe(new SmtpToolFactory().keys());
    }

    /** Stops taking calls, lets running sends finish (up to 5 s), closes the kept connections. */
    @Override
    public void close() {
        calls.close();
        sessions.close();
        health.close();
        writeTimeouts.shutdownNow();
    }

    @Override
    public String toString() {
        return "SmtpTool[" + settings.tool() + " -> " + settings.endpoint() + "]";
    }
}
