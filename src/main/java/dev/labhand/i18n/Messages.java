package dev.labhand.i18n;

import dev.labhand.tool.Caller.Lang;
import java.util.EnumMap;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * Every user-facing sentence, in Korean and English, from {@code messages_ko.properties} and
 * {@code messages_en.properties}. Placeholders are named, {@code {name}}, and filled from
 * key/value pairs, so an apostrophe in English needs no escaping.
 */
public final class Messages {
    private static final Map<Lang, ResourceBundle> BUNDLES = new EnumMap<>(Lang.class);

    static {
        for (Lang lang : Lang.values()) {
            BUNDLES.put(lang, ResourceBundle.getBundle("messages", lang.locale(),
                    ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES)));
        }
    }

    private Messages() {}

    /** The sentence for {@code key} with {@code {name}} placeholders filled from pairs name, value, ... */
    public static String get(Lang lang, String key, Object... pairs) {
        String text = raw(lang, key);
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            text = text.replace("{" + pairs[i] + "}", String.valueOf(pairs[i + 1]));
        }
        return text;
    }

    public static boolean has(Lang lang, String key) {
        return BUNDLES.get(lang).containsKey(key);
    }

    private static String raw(Lang lang, String key) {
        try {
            return BUNDLES.get(lang).getString(key);
        } catch (MissingResourceException e) {
            return key;
        }
    }
}
