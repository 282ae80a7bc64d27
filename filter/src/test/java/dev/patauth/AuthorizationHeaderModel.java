package dev.patauth;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * An independent statement of the README's RFC 6750 table for one request's Authorization
 * headers, and generators of hostile header values to hold the filter to it.
 */
final class AuthorizationHeaderModel {

    enum Expected { CHALLENGE, PASS, BAD_REQUEST, INVALID_TOKEN }

    private static final Pattern BEARER_THEN_SPACES = Pattern.compile("(?i)bearer +(.*)", Pattern.DOTALL);
    private static final Pattern B64TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");
    private static final Pattern TCHAR = Pattern.compile("[A-Za-z0-9!#$%&'*+\\-.^_`|~]");
    private static final List<String> SCHEMES = List.of("Bearer", "bearer", "BEARER", "bEaReR", "Bearer,", "Bearer:", "Bearerx",
            "Basic", "Token", "Bearer\t", "Bear er");
    static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private AuthorizationHeaderModel() {
    }

    /** What the table says for these header values (as the container hands them over). */
    static Expected expected(List<String> headers) {
        if (headers.isEmpty()) {
            return Expected.CHALLENGE;
        }
        if (headers.size() > 1) {
            return Expected.BAD_REQUEST;
        }
        String value = headers.get(0);
        if (value.length() < 6 || !value.substring(0, 6).equalsIgnoreCase("bearer")) {
            return Expected.PASS;
        }
        if (value.length() == 6) {
            return Expected.BAD_REQUEST;
        }
        var bearer = BEARER_THEN_SPACES.matcher(value);
        if (!bearer.matches()) {
            return TCHAR.matcher(value.substring(6, 7)).matches() ? Expected.PASS : Expected.BAD_REQUEST;
        }
        String credentials = bearer.group(1);
        if (!B64TOKEN.matcher(credentials).matches()) {
            return Expected.BAD_REQUEST;
        }
        return credentials.startsWith("pat_") ? Expected.INVALID_TOKEN : Expected.PASS;
    }

    /** Whether a token in these headers would have to be looked up in the database. */
    static boolean needsLookup(List<String> headers) {
        if (headers.size() != 1 || expected(headers) != Expected.INVALID_TOKEN) {
            return false;
        }
        var bearer = BEARER_THEN_SPACES.matcher(headers.get(0));
        return bearer.matches() && TokenFormat.isWellFormed(bearer.group(1));
    }

    /**
     * One hostile header value: 3 in 11 any characters, 2 in 11 header punctuation and the
     * letters of "pat_Bearer", 6 in 11 a scheme, spaces and credentials.
     */
    static String hostileValue(Random random) {
        return switch (weighted(random, 3, 2, 6)) {
            case 0 -> anyChars(random, 0, 80);
            case 1 -> chars(random, " \t=,;:\"'\\pat_Bearer", 0, 40);
            default -> bearerValue(random);
        };
    }

    private static String bearerValue(Random random) {
        String scheme = SCHEMES.get(random.nextInt(SCHEMES.size()));
        String spaces = " ".repeat(random.nextInt(7));
        String credentials = switch (weighted(random, 3, 4, 3, 2, 2, 1)) {
            case 0 -> token(random);
            case 1 -> flippedToken(random);
            case 2 -> "pat_" + chars(random, BASE62, 0, 60);
            case 3 -> chars(random, "ABCxyz019-._~+/=", 1, 60);
            case 4 -> "pat_" + anyChars(random, 0, 60);
            default -> "pat_" + "A".repeat(towardMin(random, 1000, 12_000));
        };
        return scheme + spaces + credentials;
    }

    /** A real-looking token with exactly one character changed: the typo the checksum exists for. */
    private static String flippedToken(Random random) {
        int position = towardMin(random, 0, 49);
        char replacement = (char) ('!' + random.nextInt('~' - '!' + 1));
        String token = token(random);
        char changed = replacement == token.charAt(position) ? (char) (replacement == 'a' ? 'b' : 'a') : replacement;
        return token.substring(0, position) + changed + token.substring(position + 1);
    }

    /** A token from {@link TokenFormat#generate}, its randomness drawn from {@code random} so that the seed reproduces it. */
    static String token(Random random) {
        return TokenFormat.generate(new SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                random.nextBytes(bytes);
            }
        });
    }

    /** The index of one of the weights, each as likely as its weight. */
    static int weighted(Random random, int... weights) {
        int pick = random.nextInt(IntStream.of(weights).sum());
        int index = 0;
        while (pick >= weights[index]) {
            pick -= weights[index++];
        }
        return index;
    }

    /** A string of {@code min} to {@code max} characters from {@code alphabet}, where a character listed twice is twice as likely. */
    private static String chars(Random random, String alphabet, int min, int max) {
        char[] value = new char[min + random.nextInt(max - min + 1)];
        for (int i = 0; i < value.length; i++) {
            value[i] = alphabet.charAt(random.nextInt(alphabet.length()));
        }
        return new String(value);
    }

    /** A string of {@code min} to {@code max} of any UTF-16 characters but surrogates, noncharacters and private use ones. */
    private static String anyChars(Random random, int min, int max) {
        char[] value = new char[min + random.nextInt(max - min + 1)];
        for (int i = 0; i < value.length; i++) {
            char c;
            do {
                c = (char) random.nextInt(0x10000);
            } while (Character.isSurrogate(c) || c >= 0xe000 && c <= 0xf8ff || c >= 0xfdd0 && c <= 0xfdef || c >= 0xfffe);
            value[i] = c;
        }
        return new String(value);
    }

    /**
     * An int from {@code min} to {@code max}, favouring small ones: the range is cut at
     * min + range/3, min + range/9, … (while a piece is wider than 20) and each piece is equally
     * likely, e.g. 1000-1014, 1015-1044, 1045-1134, 1135-1406, 1407-2221, 2222-4665, 4666-12000.
     */
    static int towardMin(Random random, int min, int max) {
        List<int[]> pieces = new ArrayList<>();
        int upper = max;
        for (int range = max - min; range > 20; range /= 3) {
            pieces.add(new int[] {min + range / 3, upper});
            upper = min + range / 3 - 1;
        }
        pieces.add(new int[] {min, upper});
        int[] piece = pieces.get(random.nextInt(pieces.size()));
        return piece[0] + random.nextInt(piece[1] - piece[0] + 1);
    }
}
