package dev.labhand.image;

import dev.labhand.config.LabhandConfig.Registry;
import dev.labhand.i18n.Messages;
import dev.labhand.tool.Caller.Lang;
import dev.labhand.tool.UserError;
import dev.labhand.workspace.ImageEngine.Login;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Credentials for a configured registry, read from the environment at the moment they are needed and never
 * kept, logged or shown: Docker Hub and ACR take a user and a token or password as they are; ECR's come from
 * its token API.
 */
final class RegistryLogins {
    private static final Logger log = LoggerFactory.getLogger(RegistryLogins.class);
    private final Function<String, String> env;

    RegistryLogins(Function<String, String> env) {
        this.env = env;
    }

    Login loginFor(Registry r, Lang lang) {
        String user = env.apply(r.userEnv());
        String secret = env.apply(r.passwordEnv());
        if (user == null || user.isBlank() || secret == null || secret.isBlank()) {
            throw UserError.beforeActing(Messages.get(lang, "image.registry.no-credentials", "registry", r.name(),
                    "userEnv", r.userEnv(), "passwordEnv", r.passwordEnv()), null);
        }
        if (!r.kind().equals("ecr")) return new Login(r.server(), user, secret);
        try {
            String[] token = EcrTokens.login(r.region(), r.endpoint(), user, secret);
            return new Login(r.server(), token[0], token[1]);
        } catch (RuntimeException e) {
            log.warn("ECR token for registry {} failed: {}", r.name(), e.getClass().getSimpleName());
            throw UserError.beforeActing(Messages.get(lang, "image.registry.ecr-failed", "registry", r.name()), e);
        }
    }
}
