package dev.labhand.discord;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * What the bot's last start registered with Discord, per guild and globally, and what was left out or
 * refused and why. Kept as a small JSON file beside the database ({@code <database>.discord-commands.json})
 * so {@code labhand doctor} can show it without Discord and without the bot running.
 *
 * @param at when the bot registered (ISO-8601)
 */
public record RegistrationReport(String at, List<Scope> scopes) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * One place commands are registered: {@code guild <id>} or {@code global}.
     *
     * @param registered the commands Discord accepted
     * @param refused    commands left out before sending (they break a rule) or refused by Discord, with the reason
     * @param error      why nothing was registered here (Discord keeps the commands it had), or null
     */
    public record Scope(String scope, List<String> registered, List<DiscordCommands.Refusal> refused, String error) {
        public Scope {
            registered = List.copyOf(registered);
            refused = List.copyOf(refused);
        }
    }

    public RegistrationReport {
        scopes = List.copyOf(scopes);
    }

    public static Path fileFor(Path database) {
        return database.resolveSibling(database.getFileName() + ".discord-commands.json");
    }

    /** Replaces the report atomically (a doctor reading at the same time sees the old one or the new one). */
    public void write(Path database) {
        Path file = fileFor(database);
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writeValue(tmp.toFile(), this);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** The last report, or empty when the bot never registered commands beside this database. */
    public static Optional<RegistrationReport> read(Path database) {
        Path file = fileFor(database);
        if (!Files.isRegularFile(file)) return Optional.empty();
        try {
            return Optional.of(JSON.readValue(file.toFile(), RegistrationReport.class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
