package dev.labhand.host.account;

import dev.labhand.i18n.Messages;
import dev.labhand.tool.Invocation;
import dev.labhand.tool.Outcome;
import dev.labhand.tool.Risk;
import dev.labhand.tool.Role;
import dev.labhand.tool.Tool;
import dev.labhand.tool.ToolSpec;

/**
 * {@code /account key generate}: makes an ed25519 pair for a member who has none. The private key is in this one
 * answer only (a secret answer: sent to the member alone, never to a model, never stored or logged); the public
 * key is kept as with {@code /account key set}.
 */
public final class KeyGenerateTool implements Tool {
    private static final ToolSpec SPEC = ToolSpec.of("account.key-generate", Risk.CHANGE, Role.LEARNER).answeredPrivately();
    private final AccountRepository repo;

    public KeyGenerateTool(AccountRepository repo) {
        this.repo = repo;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public String group() {
        return "key";
    }

    @Override
    public Outcome run(Invocation call) {
        KeyPairs.Pair pair = KeyPairs.ed25519("labhand-" + call.caller().id());
        MemberKey key = MemberKey.parse(pair.publicLine());
        repo.saveKey(call.caller().id(), key, true);
        String text = Messages.get(call.lang(), "account.key.generated", "fingerprint", key.fingerprint(),
                "file", KeyFiles.GENERATED, "key", pair.privateKey().strip());
        return new Outcome.Done(text, "ssh-keygen -t ed25519 -f " + KeyFiles.GENERATED, true);
    }
}
