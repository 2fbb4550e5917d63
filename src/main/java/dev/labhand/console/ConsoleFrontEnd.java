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

    public ConsoleFrontEnd(ChatService chat, Caller caller, PrintStream out, boolean interactive) {
        this.chat = chat;
        this.caller = caller;
        this.out = out;
        this.interactive = interactive;
    }

    public void run(BufferedReader in) throws IOException {
        prompt();
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (!line.isBlank() && !line.strip().startsWith("#")) {
                Reply reply = chat.handle(caller, line, Origin.CONSOLE, text -> out.println("  … " + text));
                out.println(reply.plain());
                out.flush();
            }
            prompt();
        }
    }

    private void prompt() {
        if (interactive) {
            out.print(caller.name() + "@labhand> ");
            out.flush();
        }
    }
}
