package dev.labhand.vm;

import dev.labhand.ssh.SshPublicKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Labhand's own SSH key pair for reaching hosts ({@code vm.sshKey}): the private key stays a file path
 * (its contents are read only by the SSH layer); the public half ({@code <key>.pub}) is what new VMs
 * authorise.
 */
public record VmKeys(Path privateKey, Optional<SshPublicKey> publicKey) {
    public static VmKeys load(String privateKeyPath) {
        if (privateKeyPath == null || privateKeyPath.isBlank()) return new VmKeys(null, Optional.empty());
        Path key = Path.of(privateKeyPath);
        Path pub = Path.of(privateKeyPath + ".pub");
        try {
            return new VmKeys(key, Files.isRegularFile(pub)
                    ? Optional.of(SshPublicKey.parse(Files.readString(pub))) : Optional.empty());
        } catch (IOException | IllegalArgumentException e) {
            return new VmKeys(key, Optional.empty());
        }
    }

    public boolean configured() {
        return privateKey != null && Files.isReadable(privateKey) && publicKey.isPresent();
    }
}
