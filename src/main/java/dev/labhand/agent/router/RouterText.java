package dev.labhand.agent.router;

import dev.labhand.i18n.Messages;
import dev.labhand.tool.Caller.Lang;
import java.util.List;

/** The offline router's sentences, from the message bundles ({@code router.*}). */
final class RouterText {
    private RouterText() {}

    static String notUnderstood(Lang lang) {
        return Messages.get(lang, "router.not-understood");
    }

    static String askTemplate(Lang lang, List<String> templates) {
        return Messages.get(lang, "router.ask.template", "templates", String.join(", ", templates));
    }

    static String askNewName(Lang lang) {
        return Messages.get(lang, "router.ask.new-name");
    }

    static String askWhich(Lang lang, List<String> choices) {
        return choices.isEmpty() ? Messages.get(lang, "router.ask.which-workspace-any")
                : Messages.get(lang, "router.ask.which-workspace", "choices", String.join(", ", choices));
    }

    static String askHost(Lang lang, List<String> choices) {
        return choices.isEmpty() ? Messages.get(lang, "router.ask.which-host-any")
                : Messages.get(lang, "router.ask.which-host", "choices", String.join(", ", choices));
    }

    static String askChoice(Lang lang, String param, List<String> choices) {
        String label = Messages.has(lang, "discord.name.option." + param) ? Messages.get(lang, "discord.name.option." + param) : param;
        return Messages.get(lang, "router.ask.choice", "param", label, "choices", String.join(", ", choices));
    }

    static String askImage(Lang lang) {
        return Messages.get(lang, "router.ask.image");
    }

    static String askValue(Lang lang, String param) {
        return Messages.get(lang, "router.ask.value", "param", param);
    }

    static String askMeaning(Lang lang, List<String> options) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < options.size(); i++) sb.append('\n').append(i + 1).append(") ").append(options.get(i));
        return Messages.get(lang, "router.ask.meaning", "options", sb.toString());
    }

    static String dropped(Lang lang) {
        return Messages.get(lang, "router.clarify.dropped");
    }
}
