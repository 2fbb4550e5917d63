package dev.labhand.host.account;

import dev.labhand.i18n.Messages;
import dev.labhand.tool.Invocation;
import dev.labhand.tool.Outcome;
import dev.labhand.tool.Param;
import dev.labhand.tool.Risk;
import dev.labhand.tool.Role;
import dev.labhand.tool.Tool;
import dev.labhand.tool.ToolSpec;

/**
 * {@code /account key set key:}: a member stores their own SSH public key, which grants then put on hosts. A
 * private key is refused by the gateway before it gets here (with a warning to rotate it), never stored.
 */
public final class KeySetTool implements Tool {
    /** An RSA key of 8192 bits is about 1,400 characters; room for a comment. */
    static final int LONGEST_KEY = 2_000;
    private static final ToolSpec SPEC = ToolSpec.of("account.key-set", Risk.CHANGE, Role.LEARNER,
            Param.string("key", null).upTo(LONGEST_KEY)).answeredPrivately();
    private final AccountRepository repo;

    public KeySetTool(AccountRepository repo) {
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
        MemberKey key;
        try {
            key = MemberKey.parse(call.args().get("key"));
        } catch (MemberKey.Refused r) {
            return new Outcome.Invalid(Messages.get(call.lang(), "account.key.refused." + r.problem().id(),
                    "bits", MemberKey.MIN_RSA_BITS));
        }
        repo.saveKey(call.caller().id(), key, false);
        return Outcome.Done.of(Messages.get(call.lang(), "account.key.saved", "type", key.type(),
                "fingerprint", key.fingerprint()), "ssh-keygen -l -f ~/.ssh/id_" + KeyFiles.suffix(key.type()) + ".pub");
    }
}
