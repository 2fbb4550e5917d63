package dev.labhand.vm;

import dev.labhand.Wiring;
import dev.labhand.config.LabhandConfig;
import dev.labhand.console.ConsoleFrontEnd;
import dev.labhand.support.MutableClock;
import dev.labhand.support.TestApp;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Role;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A whole Labhand (the real {@link Wiring}) whose cloud providers are the real SDK clients pointed at
 * loopback fakes, driven through the console front end like an instructor at a terminal. It needs no
 * Docker engine: nothing here creates a workspace.
 */
final class VmTestBed implements AutoCloseable {
    static final Caller INSTRUCTOR = new Caller("inst", "inst", Role.INSTRUCTOR, Caller.Lang.EN, "console");
    static final Caller LEARNER = new Caller("minji", "minji", Role.LEARNER, Caller.Lang.KO, "console");
    private static final Pattern CODE = Pattern.compile("/confirm ([A-Z0-9]{6})");

    final Wiring app;
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T09:00:00Z"));
    final List<String> notices = new CopyOnWriteArrayList<>();
    final String adminKey;
    final Path dir;

    VmTestBed(Path dir, List<VmProvider> providers) {
        this.dir = dir;
        Path key = SshKeys.generate(dir, "labhand_ed25519");
        this.adminKey = SshKeys.publicLine(SshKeys.generate(dir, "admin_ed25519"));
        Path config = TestApp.writeConfig(dir, "", """
                vm:
                  sshKey: %s
                  idle:
                    minutes: 60
                    warnMinutes: 10
                """.formatted(key));
        this.app = new Wiring(LabhandConfig.load(config, System::getenv), System::getenv, clock, new VmProviders(providers));
        app.notices.deliverWith((member, text) -> notices.add(member + ": " + text));
    }

    /** Types the lines into a console as {@code caller}; returns everything printed. */
    String console(Caller caller, String... lines) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            new ConsoleFrontEnd(app.chat, caller, out, false).run(new BufferedReader(new StringReader(String.join("\n", lines))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Runs a risky command and confirms it with the code it printed; returns both answers. */
    String confirmed(Caller caller, String line) {
        String asked = console(caller, line);
        Matcher m = CODE.matcher(asked);
        if (!m.find()) throw new AssertionError("no confirmation code in: " + asked);
        return asked + console(caller, "/confirm " + m.group(1));
    }

    @Override
    public void close() {
        app.close();
    }
}
