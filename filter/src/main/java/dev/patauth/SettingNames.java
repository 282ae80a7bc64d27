package dev.patauth;

import java.util.Locale;
import java.util.Map;

/**
 * How a configuration error names a setting: as the {@link PatAuth.Builder} method a Java
 * caller called, or as the {@code patauth.*} key a web.xml set, so each reads the name it wrote.
 */
interface SettingNames {

    /** The setting that the builder method {@code method} sets. */
    String of(String method);

    /** One of an enum setting's values, as this caller writes it. */
    String value(Enum<?> value);

    /** Java callers: the builder's method names and enum constants. */
    SettingNames JAVA = new SettingNames() {
        @Override
        public String of(String method) {
            return method;
        }

        @Override
        public String value(Enum<?> value) {
            return value.name();
        }
    };

    /** Callers with keys: {@code keyOfMethod} maps each builder method to the key that feeds it. */
    static SettingNames keys(Map<String, String> keyOfMethod) {
        return new SettingNames() {
            @Override
            public String of(String method) {
                String key = keyOfMethod.get(method);
                if (key == null) {
                    throw new IllegalStateException("no key feeds the builder method " + method);
                }
                return key;
            }

            @Override
            public String value(Enum<?> value) {
                return value.name().toLowerCase(Locale.ROOT);
            }
        };
    }
}
