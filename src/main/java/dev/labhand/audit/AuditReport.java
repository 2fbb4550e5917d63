package dev.labhand.audit;

import dev.labhand.store.KeyFolder;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** What {@code labhand audit verify} prints: the verdict, what was found, and how much of the log is sealed. */
public final class AuditReport {
    private AuditReport() {}

    public static void print(AuditChain.Verdict v, AuditSeal seal, KeyFolder keys, Path checkpoints, PrintStream out) {
        if (v.ok()) {
            out.println("audit log intact: " + v.rows() + " rows");
        } else {
            out.println("audit log TAMPERED (" + v.rows() + " rows now):");
            for (AuditChain.Finding f : v.findings()) {
                out.println("  " + f.kind().name().toLowerCase() + ": " + f.text());
            }
        }
        if (seal == null) {
            out.println(Files.exists(checkpoints)
                    ? "  note: checkpoints exist at " + checkpoints + " but no public key is in " + keys.dir()
                            + ": they cannot be checked"
                    : "  note: not sealed (no audit key in " + keys.dir() + "): only the hash chain was checked");
        } else {
            out.println("  sealed: " + v.checkpoints() + " signed checkpoints, the newest covering " + v.sealedRows()
                    + " rows; key " + seal.fingerprint() + "; file " + checkpoints);
            long unsealed = Math.max(0, v.rows() - v.sealedRows());
            if (unsealed > 0 && v.ok()) {
                out.println("  note: the newest " + unsealed + " rows are not sealed yet (sealed when Labhand next "
                        + "writes a checkpoint or stops)");
            }
        }
        if (v.interrupted() > 0) {
            out.println("  note: " + v.interrupted() + " calls started and recorded no outcome (interrupted; Labhand "
                    + "records them once their timeout has passed)");
        }
    }
}
