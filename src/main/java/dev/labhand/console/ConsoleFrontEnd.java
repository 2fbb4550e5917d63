package dev.labhand.console;

import dev.labhand.chat.ChatService;
import dev.labhand.chat.Reply;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Origin;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;

/**
 * The embedded default front end: lines from stdin (a terminal or a pipe), replies to stdout,
 * progress indented beneath. Ends at end of input.
 */
public final class ConsoleFrontEnd {
    private final ChatService chat;
    private final Caller caller;
    private final PrintStream out;
    private final boolean interactive;
    private final java.nio.file.Path files;

    public ConsoleFrontEnd(ChatService chat, Caller caller, PrintStream out, boolean interactive) {
        this(chat, caller, out, interactive, java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "labhand-files"));
    }

    /** @param files where attachments (charts) are written; the reply names the file */
    public ConsoleFrontEnd(ChatService chat, Caller caller, PrintStream out, boolean interactive, java.nio.file.Path files) {
        this.chat = chat;
        this.caller = caller;
        this.out = out;
        this.interactive = interactive;
        this.files = files;
    }

    public void run(BufferedReader in) throws IOException {
        prompt();
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (!line.isBlank() && !line.strip().startsWith("#")) {
                Reply reply = chat.handle(caller, line, Origin.CONSOLE, text -> out.println("  … " + text));
                out.println(reply.plain());
                if (reply.attachment() != null) out.println("  \uD83D\uDCCE " + save(reply.attachment()));
                out.flush();
            }
            prompt();
        }
    }

    /** Writes an attachment under {@link #files} with a time stamp, so earlier charts stay; returns its path. */
    private String save(dev.labhand.tool.Attachment file) {
        try {
            java.nio.file.Files.createDirectories(files);
            String name = System.currentTimeMillis() + "-" + file.fileName();
            java.nio.file.Path path = files.resolve(name);
            java.nio.file.Files.write(path, file.bytes());
            return path.toAbsolutePath().toString();
        } catch (IOException e) {
            return "(" + file.fileName() + " could not be written to " + files + ": " + e.getMessage() + ")";
        }
    }

    private void prompt() {
        if (interactive) {
            out.print(caller.name() + "@labhand> ");
            out.flush();
        }
    }
}
