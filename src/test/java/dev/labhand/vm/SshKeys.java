package dev.labhand.vm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Key pairs made with the real ssh-keygen, as an instructor would. */
final class SshKeys {
    private SshKeys() {}

    static Path generate(Path dir, String name) {
        Path key = dir.resolve(name);
        try {
            Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", key.toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) throw new AssertionError("ssh-keygen failed: " + out);
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static String publicLine(Path privateKey) {
        try {
            return Files.readString(Path.of(privateKey + ".pub")).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
