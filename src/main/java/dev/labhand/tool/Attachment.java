package dev.labhand.tool;

/**
 * A file that goes with an answer (a chart): Discord attaches it, the console writes it to a file and
 * names the path.
 *
 * @param fileName a plain file name such as {@code spend.png}
 */
public record Attachment(String fileName, byte[] bytes) {
    public Attachment {
        if (!fileName.matches("[A-Za-z0-9._-]{1,64}")) throw new IllegalArgumentException("plain file name: " + fileName);
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }
}
