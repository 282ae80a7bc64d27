package dev.patauth;

import java.security.SecureRandom;
import java.util.Collection;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Generated test cases from one seeded {@link Random}: a fresh seed each run, or the one given
 * with {@code -Dpatauth.test.seed=…}. The first failing case stops the run with the seed, the
 * case number, the input (control and non-ASCII characters escaped) and the command to rerun it.
 */
final class Seeded {

    static final String SEED_PROPERTY = "patauth.test.seed";

    private Seeded() {
    }

    /** Checks {@code property} on {@code cases} inputs drawn one after another by {@code generator}. */
    static <T> void check(int cases, Function<Random, T> generator, Consumer<T> property) {
        StackWalker.StackFrame caller = StackWalker.getInstance().walk(frames -> frames.skip(1).findFirst()).orElseThrow();
        String given = System.getProperty(SEED_PROPERTY, "").trim();
        long seed = given.isEmpty() ? new SecureRandom().nextLong() & Long.MAX_VALUE : Long.parseLong(given);
        Random random = new Random(seed);
        for (int n = 1; n <= cases; n++) {
            T input = generator.apply(random);
            try {
                property.accept(input);
            } catch (AssertionError | RuntimeException failure) {
                String test = caller.getClassName().substring(caller.getClassName().lastIndexOf('.') + 1) + "#" + caller.getMethodName();
                throw new AssertionError("Case " + n + " of " + cases + " failed with seed " + seed + "\n"
                        + "  input: " + describe(input) + "\n"
                        + "  " + failure + "\n"
                        + "  rerun: mvn -pl filter verify -Dtest='" + test + "' -D" + SEED_PROPERTY + "=" + seed, failure);
            }
        }
    }

    private static String describe(Object input) {
        if (input instanceof Collection<?> values) {
            return values.stream().map(Seeded::describe).collect(Collectors.joining(", ", "[", "]"));
        }
        return input instanceof String value ? "\"" + escaped(value) + "\"" : escaped(String.valueOf(input));
    }

    /** Java string escapes for everything but printable ASCII, so a tab or a NUL can be seen. */
    private static String escaped(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            switch (c) {
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                case '\n' -> out.append("\\n");
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> out.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
            }
        }
        return out.toString();
    }
}
