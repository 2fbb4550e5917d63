package dev.labhand.tool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labhand.audit.AuditLog;
import dev.labhand.audit.AuditRow;
import dev.labhand.store.ConfirmationRepository;
import dev.labhand.store.Database;
import dev.labhand.support.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ToolGatewayTest {
    @TempDir
    Path dir;

    private Database db;
    private AuditLog audit;
    private ExecutorService threads;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T10:00:00Z"));
    private final Map<String, String> owners = new HashMap<>();
    private final AtomicInteger removals = new AtomicInteger();
    private ToolGateway gateway;

    private final Caller alice = new Caller("alice", "Alice", Role.LEARNER, Caller.Lang.EN, "c1");
    private final Caller bob = new Caller("bob", "Bob", Role.LEARNER, Caller.Lang.KO, "c1");
    private final Caller ines = new Caller("ines", "Ines", Role.INSTRUCTOR, Caller.Lang.EN, "c1");

    /** A destructive tool that counts how often it really ran. */
    private final Tool remove = new Tool() {
        public ToolSpec spec() {
            return ToolSpec.of("thing.remove", Risk.DESTRUCTIVE, Role.LEARNER, Param.workspace("name"));
        }

        public Outcome run(Invocation call) {
            removals.incrementAndGet();
            return Outcome.Done.of("removed " + call.args().get("name"), "docker rm -f lh-" + call.args().get("name"));
        }
    };

    @BeforeEach
    void setUp() {
        db = Database.open(dir.resolve("t.db"));
        audit = new AuditLog(db);
        threads = Executors.newCachedThreadPool();
        owners.put("demo", "alice");
        owners.put("other", "bob");
        ToolCatalog catalog = new ToolCatalog()
                .register(remove)
                .register(simple(ToolSpec.of("thing.make", Risk.CHANGE, Role.LEARNER,
                        Param.string("name", Param.NAME), Param.integer("size", 1, 8).optional("2"),
                        Param.choice("kind", List.of("cpu", "gpu")).optional("cpu"),
                        Param.string("password", Param.NAME).optional(null).asSecret()),
                        call -> Outcome.Done.of("made " + call.args().values(), null)))
                .register(simple(ToolSpec.of("thing.pull", Risk.CHANGE, Role.LEARNER).withCooldown(),
                        call -> Outcome.Done.of("pulled", null)))
                .register(simple(ToolSpec.of("audit.read", Risk.READ, Role.INSTRUCTOR),
                        call -> Outcome.Done.of("rows", null)))
                .register(simple(ToolSpec.of("thing.slow", Risk.READ, Role.LEARNER).withTimeout(Duration.ofMillis(200)),
                        call -> {
                            Thread.sleep(5_000);
                            return Outcome.Done.of("late", null);
                        }))
                .register(simple(ToolSpec.of("thing.crash", Risk.READ, Role.LEARNER),
                        call -> {
                            throw new IllegalStateException("jdbc:sqlite:/secret/path password=hunter2");
                        }))
                .register(simple(ToolSpec.of("thing.refuse", Risk.READ, Role.LEARNER),
                        call -> {
                            throw new UserError("the image cannot be reached");
                        }));
        gateway = new ToolGateway(catalog, (kind, name) -> Optional.ofNullable(owners.get(name)),
                new ConfirmationRepository(db), audit, threads, clock, Duration.ofMinutes(5), Duration.ofSeconds(30));
    }

    @AfterEach
    void tearDown() {
        threads.shutdownNow();
        db.close();
    }

    @Test
    void should_answer_an_unknown_tool_with_near_names_and_audit_it() {
        Outcome o = gateway.invoke(alice, "thing.remvoe", Map.of("name", "demo"), Origin.CONSOLE);

        assertThat(o).isInstanceOf(Outcome.Invalid.class);
        // people are shown the command as they type it, in the console as on Discord; a model its tool names
        assertThat(((Outcome.Invalid) o).text()).contains("'/thing remvoe'").contains("/thing remove")
                .doesNotContain("thing.remove");
        assertThat(lastRow().outcome()).isEqualTo("invalid");
        assertThat(lastRow().tool()).isEqualTo("thing.remvoe");
        Outcome llm = gateway.invoke(alice, "thing.remvoe", Map.of("name", "demo"), Origin.LLM);
        assertThat(((Outcome.Invalid) llm).text()).contains("thing.remove");
    }

    @Test
    void should_refuse_arguments_that_break_their_declaration_before_running() {
        assertInvalid(Map.of("name", "Bad Name"), "must match");
        assertInvalid(Map.of("name", "ok-name", "size", "9"), "between 1 and 8");
        assertInvalid(Map.of("name", "ok-name", "size", "two"), "whole number");
        assertInvalid(Map.of("name", "ok-name", "kind", "tpu"), "cpu, gpu");
        assertInvalid(Map.of("name", "ok-name", "mount", "/"), "not an argument");
        assertInvalid(Map.of("name", "ok-name", "privileged", "true"), "not an argument");
        assertInvalid(Map.of("size", "3"), "needs name");
        assertInvalid(Map.of("name", "a;rm -rf /"), "must match");
        assertInvalid(Map.of("name", "ok\nname"), "control characters");
        assertThat(audit.list(null, "thing.make", 100)).hasSize(9).allMatch(r -> r.outcome().equals("invalid"));
    }

    @Test
    void should_fill_defaults_and_normalise_values() {
        Outcome o = gateway.invoke(alice, "thing.make", Map.of("name", "ok-name", "kind", "GPU"), Origin.SLASH);

        assertThat(((Outcome.Done) o).text()).contains("kind=gpu").contains("size=2");
    }

    @Test
    void should_refuse_a_learner_calling_an_instructor_tool_and_audit_the_denial() {
        Outcome o = gateway.invoke(alice, "audit.read", Map.of(), Origin.LLM);

        assertThat(o).isInstanceOf(Outcome.Denied.class);
        AuditRow row = lastRow();
        assertThat(row.outcome()).isEqualTo("denied");
        assertThat(row.callerId()).isEqualTo("alice");
        assertThat(row.origin()).isEqualTo("llm");
        assertThat(gateway.invoke(ines, "audit.read", Map.of(), Origin.SLASH)).isInstanceOf(Outcome.Done.class);
    }

    @Test
    void should_refuse_removing_another_learners_thing_without_asking_for_confirmation() {
        Outcome o = gateway.invoke(bob, "thing.remove", Map.of("name", "demo"), Origin.CONSOLE);

        assertThat(o).isInstanceOf(Outcome.Denied.class);
        assertThat(((Outcome.Denied) o).text()).contains("다른 사람"); // bob speaks Korean
        assertThat(removals).hasValue(0);
        assertThat(lastRow().outcome()).isEqualTo("denied");
    }

    @Test
    void should_answer_a_missing_resource_as_invalid() {
        assertThat(gateway.invoke(alice, "thing.remove", Map.of("name", "nothing"), Origin.CONSOLE))
                .isInstanceOf(Outcome.Invalid.class);
    }

    @Test
    void should_let_an_instructor_act_on_a_learners_resource() {
        Outcome ask = gateway.invoke(ines, "thing.remove", Map.of("name", "demo"), Origin.CONSOLE);
        Outcome done = gateway.confirm(ines, ((Outcome.NeedsConfirmation) ask).code(), Origin.BUTTON, Progress.NONE);

        assertThat(done).isInstanceOf(Outcome.Done.class);
        assertThat(removals).hasValue(1);
    }

    @Test
    void should_run_a_destructive_tool_only_after_confirmation_and_only_once() {
        Outcome ask = gateway.invoke(alice, "thing.remove", Map.of("name", "demo"), Origin.CONSOLE);
        assertThat(ask).isInstanceOf(Outcome.NeedsConfirmation.class);
        assertThat(removals).hasValue(0);
        String code = ((Outcome.NeedsConfirmation) ask).code();

        Outcome first = gateway.confirm(alice, code, Origin.CONSOLE, Progress.NONE);
        Outcome second = gateway.confirm(alice, code.toLowerCase(), Origin.CONSOLE, Progress.NONE);

        assertThat(first).isInstanceOf(Outcome.Done.class);
        assertThat(second).isInstanceOf(Outcome.Invalid.class);
        assertThat(((Outcome.Invalid) second).text()).contains("already used");
        assertThat(removals).hasValue(1);
        List<AuditRow> rows = audit.list("alice", "thing.remove", 10);
        // newest first: the reused code, the outcome, the row written ahead of the removal, the question
        assertThat(rows).extracting(AuditRow::outcome).containsExactly("invalid", "done", "started", "confirm");
        assertThat(rows.get(1).confirmedBy()).isEqualTo(code);
        assertThat(rows.get(1).ref()).isEqualTo(rows.get(2).id());
    }

    @Test
    void should_refuse_an_expired_confirmation() {
        String code = ((Outcome.NeedsConfirmation) gateway.invoke(alice, "thing.remove", Map.of("name", "demo"),
                Origin.CONSOLE)).code();
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));

        Outcome o = gateway.confirm(alice, code, Origin.CONSOLE, Progress.NONE);

        assertThat(o).isInstanceOf(Outcome.Invalid.class);
        assertThat(((Outcome.Invalid) o).text()).contains("expired");
        assertThat(removals).hasValue(0);
    }

    @Test
    void should_bind_a_confirmation_to_exactly_the_arguments_it_was_issued_for() {
        owners.put("second", "alice");
        String code = ((Outcome.NeedsConfirmation) gateway.invoke(alice, "thing.remove", Map.of("name", "demo"),
                Origin.CONSOLE)).code();

        Outcome other = gateway.invokeConfirmed(alice, "thing.remove", Map.of("name", "second"), Origin.LLM, code,
                Progress.NONE);

        assertThat(other).isInstanceOf(Outcome.Denied.class);
        assertThat(removals).hasValue(0);
        // the code still works for what it was issued for
        assertThat(gateway.invokeConfirmed(alice, "thing.remove", Map.of("name", "demo"), Origin.CONSOLE, code,
                Progress.NONE)).isInstanceOf(Outcome.Done.class);
    }

    @Test
    void should_not_let_another_member_use_someones_code() {
        owners.put("shared", "alice");
        String code = ((Outcome.NeedsConfirmation) gateway.invoke(alice, "thing.remove", Map.of("name", "demo"),
                Origin.CONSOLE)).code();

        assertThat(gateway.confirm(ines, code, Origin.BUTTON, Progress.NONE)).isInstanceOf(Outcome.Invalid.class);
        assertThat(gateway.invokeConfirmed(ines, "thing.remove", Map.of("name", "demo"), Origin.BUTTON, code,
                Progress.NONE)).isInstanceOf(Outcome.Invalid.class);
        assertThat(removals).hasValue(0);
    }

    @Test
    void should_cancel_a_pending_confirmation() {
        String code = ((Outcome.NeedsConfirmation) gateway.invoke(alice, "thing.remove", Map.of("name", "demo"),
                Origin.CONSOLE)).code();

        assertThat(gateway.cancel(alice, code, Origin.CONSOLE)).isInstanceOf(Outcome.Done.class);
        assertThat(gateway.confirm(alice, code, Origin.CONSOLE, Progress.NONE)).isInstanceOf(Outcome.Invalid.class);
        assertThat(removals).hasValue(0);
    }

    @Test
    void should_stop_a_tool_that_runs_past_its_timeout() {
        long start = System.nanoTime();
        Outcome o = gateway.invoke(alice, "thing.slow", Map.of(), Origin.CONSOLE);

        assertThat(o).isInstanceOf(Outcome.Failed.class);
        assertThat(((Outcome.Failed) o).text()).contains("did not finish");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        assertThat(lastRow().outcome()).isEqualTo("failed");
    }

    @Test
    void should_never_show_exception_text_to_the_caller() {
        Outcome o = gateway.invoke(alice, "thing.crash", Map.of(), Origin.LLM);

        Outcome.Failed f = (Outcome.Failed) o;
        assertThat(f.text()).doesNotContain("hunter2").doesNotContain("sqlite").contains(f.errorId());
        assertThat(lastRow().detail()).isEqualTo(f.errorId());
    }

    @Test
    void should_pass_a_user_error_message_through() {
        Outcome o = gateway.invoke(alice, "thing.refuse", Map.of(), Origin.CONSOLE);

        assertThat(((Outcome.Failed) o).text()).startsWith("the image cannot be reached");
    }

    @Test
    void should_redact_secret_arguments_in_the_audit_log() {
        gateway.invoke(alice, "thing.make", Map.of("name", "ok-name", "password", "hunter-two"), Origin.CONSOLE);
        gateway.invoke(alice, "thing.make", Map.of("name", "ok-name", "token", "token=abc123"), Origin.CONSOLE);

        List<AuditRow> rows = audit.list("alice", "thing.make", 10);
        // newest first: the refused call (token is no argument), the outcome and the row ahead of the first
        assertThat(rows).extracting(AuditRow::outcome).containsExactly("invalid", "done", "started");
        assertThat(rows).allSatisfy(r -> assertThat(r.args()).doesNotContain("hunter-two").doesNotContain("abc123"));
        assertThat(rows.get(1).args()).contains("\"password\":\"***\"");
        assertThat(rows.get(2).args()).contains("\"password\":\"***\"");
        // a token pasted on its own into an ordinary argument is masked too
        gateway.invoke(alice, "thing.make", Map.of("name", "3f9a1c0b7d2e4f6a8b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e"),
                Origin.CONSOLE);
        assertThat(audit.list("alice", "thing.make", 1).get(0).args()).contains("\"name\":\"***")
                .doesNotContain("3f9a1c0b7d2e");
    }

    @Test
    void should_write_one_outcome_row_per_call_and_a_row_ahead_of_each_call_that_acts() {
        gateway.invoke(alice, "thing.make", Map.of("name", "ok-name"), Origin.CONSOLE);   // done
        gateway.invoke(alice, "thing.make", Map.of("name", "BAD"), Origin.CONSOLE);       // invalid
        gateway.invoke(alice, "audit.read", Map.of(), Origin.CONSOLE);                    // denied
        gateway.invoke(alice, "thing.remove", Map.of("name", "demo"), Origin.CONSOLE);    // confirm
        gateway.invoke(alice, "thing.crash", Map.of(), Origin.CONSOLE);                   // failed
        gateway.invoke(alice, "nope.nope", Map.of(), Origin.CONSOLE);                     // unknown

        assertThat(audit.list(null, null, 100)).extracting(AuditRow::outcome)
                .containsExactly("invalid", "failed", "started", "confirm", "denied", "invalid", "done", "started");
        assertThat(audit.verify().ok()).isTrue();
    }

    @Test
    void should_not_run_a_tool_whose_audit_row_cannot_be_written_and_say_so() {
        AuditSink broken = new AuditSink() {
            public void record(Entry entry) {
                throw new IllegalStateException("disk full");
            }

            public long begin(Entry entry) {
                throw new IllegalStateException("disk full");
            }

            public void complete(long startedId, Entry entry) {
                throw new IllegalStateException("disk full");
            }
        };
        ToolGateway g = new ToolGateway(gateway.catalog(), (kind, name) -> Optional.ofNullable(owners.get(name)),
                new ConfirmationRepository(db), broken, threads, clock, Duration.ofMinutes(5), Duration.ZERO);
        String code = ((Outcome.NeedsConfirmation) g.invoke(alice, "thing.remove", Map.of("name", "demo"),
                Origin.CONSOLE)).code();

        Outcome o = g.confirm(alice, code, Origin.CONSOLE, Progress.NONE);

        assertThat(o).isInstanceOf(Outcome.Failed.class);
        assertThat(((Outcome.Failed) o).text()).contains("Nothing was done").contains("audit log");
        assertThat(removals).hasValue(0);
        // the code was not spent on a call that never ran
        assertThat(gateway.pending(code)).get().extracting(PendingConfirmations.Pending::used).isEqualTo(false);
    }

    @Test
    void should_refuse_a_code_whose_resource_was_made_again_under_the_same_name() {
        Map<String, String> ids = new HashMap<>(Map.of("demo", "uuid-1"));
        ResourceOwners withIds = new ResourceOwners() {
            public Optional<String> ownerOf(Param.Ref kind, String name) {
                return Optional.ofNullable(owners.get(name));
            }

            public Optional<String> idOf(Param.Ref kind, String name) {
                return Optional.ofNullable(ids.get(name));
            }
        };
        ToolGateway g = new ToolGateway(gateway.catalog(), withIds, new ConfirmationRepository(db), audit, threads,
                clock, Duration.ofMinutes(5), Duration.ZERO);
        String code = ((Outcome.NeedsConfirmation) g.invoke(ines, "thing.remove", Map.of("name", "demo"),
                Origin.CONSOLE)).code();
        ids.put("demo", "uuid-2"); // removed and created again by its owner meanwhile

        Outcome o = g.confirm(ines, code, Origin.CONSOLE, Progress.NONE);

        assertThat(o).isInstanceOf(Outcome.Denied.class);
        assertThat(((Outcome.Denied) o).text()).contains("made again");
        assertThat(removals).hasValue(0);
    }

    @Test
    void should_make_a_learner_wait_between_runs_of_an_expensive_tool() {
        assertThat(gateway.invoke(alice, "thing.pull", Map.of(), Origin.SLASH)).isInstanceOf(Outcome.Done.class);

        Outcome again = gateway.invoke(alice, "thing.pull", Map.of(), Origin.SLASH);
        assertThat(again).isInstanceOf(Outcome.Denied.class);
        assertThat(((Outcome.Denied) again).text()).contains("wait 30 s");
        assertThat(lastRow().outcome()).isEqualTo("denied");
        // others are not held up, instructors are not limited, and the wait ends
        assertThat(gateway.invoke(bob, "thing.pull", Map.of(), Origin.SLASH)).isInstanceOf(Outcome.Done.class);
        assertThat(gateway.invoke(ines, "thing.pull", Map.of(), Origin.SLASH)).isInstanceOf(Outcome.Done.class);
        assertThat(gateway.invoke(ines, "thing.pull", Map.of(), Origin.SLASH)).isInstanceOf(Outcome.Done.class);
        clock.advance(Duration.ofSeconds(31));
        assertThat(gateway.invoke(alice, "thing.pull", Map.of(), Origin.SLASH)).isInstanceOf(Outcome.Done.class);
    }

    private void assertInvalid(Map<String, String> args, String expected) {
        Outcome o = gateway.invoke(alice, "thing.make", args, Origin.CONSOLE);
        assertThat(o).isInstanceOf(Outcome.Invalid.class);
        assertThat(((Outcome.Invalid) o).text()).contains(expected);
    }

    private AuditRow lastRow() {
        return audit.list(null, null, 1).get(0);
    }

    private static Tool simple(ToolSpec spec, ToolBody body) {
        return new Tool() {
            public ToolSpec spec() {
                return spec;
            }

            public Outcome run(Invocation call) throws Exception {
                return body.run(call);
            }
        };
    }

    @FunctionalInterface
    interface ToolBody {
        Outcome run(Invocation call) throws Exception;
    }
}
