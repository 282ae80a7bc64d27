package dev.patauth;

import java.text.Normalizer;
import java.util.regex.Pattern;

/**
 * What a token name may be, and the one form in which it is stored and answered. In this order:
 *
 * <ol>
 *   <li>It is well-formed Unicode: no unpaired UTF-16 surrogate (a database would store one as
 *       {@code ?}).</li>
 *   <li>It is put in Unicode Normalization Form C, so a name typed as {@code e} + combining
 *       accent and one typed as {@code é} are the same name, stored the same way.</li>
 *   <li>White space at either end (Unicode {@code White_Space}: spaces, no-break spaces, tabs,
 *       line breaks) is removed.</li>
 *   <li>What remains is not empty; has no control character (C0, DEL, C1) and no line or paragraph
 *       separator; has no bidirectional control (U+061C, U+200E, U+200F, U+202A to U+202E,
 *       U+2066 to U+2069), which can make a name read as something else; and has at least one
 *       character that is not white space, a format character (Unicode Cf, such as a zero-width
 *       space), a combining mark or a Hangul filler.</li>
 *   <li>It has at most {@value #MAX_LENGTH} code points. PostgreSQL's {@code VARCHAR(100)}
 *       counts code points; H2 counts UTF-16 units, so its column is {@code VARCHAR(200)}.</li>
 * </ol>
 */
final class TokenNames {

    /** Code points, after normalization and trimming. */
    static final int MAX_LENGTH = 100;

    private static final Pattern EDGE_WHITE_SPACE = Pattern.compile("^\\p{IsWhite_Space}+|\\p{IsWhite_Space}+$");

    private TokenNames() {
    }

    /**
     * The name as it is stored and answered.
     *
     * @throws InvalidTokenNameException with a sentence saying what to change
     */
    static String normalize(String name) {
        if (name == null) {
            throw new InvalidTokenNameException("Give the token a name, such as \"CI pipeline\".");
        }
        if (hasUnpairedSurrogate(name)) {
            throw new InvalidTokenNameException("A token name must be valid Unicode text; this one contains half of a"
                    + " character (an unpaired UTF-16 surrogate).");
        }
        String normalized = EDGE_WHITE_SPACE.matcher(Normalizer.normalize(name, Normalizer.Form.NFC)).replaceAll("");
        if (normalized.isEmpty()) {
            throw new InvalidTokenNameException("Give the token a name, such as \"CI pipeline\".");
        }
        if (normalized.codePoints().anyMatch(TokenNames::isControl)) {
            throw new InvalidTokenNameException("A token name cannot contain control characters such as line breaks or tabs.");
        }
        if (normalized.codePoints().anyMatch(TokenNames::isBidiControl)) {
            throw new InvalidTokenNameException("A token name cannot contain characters that change the direction of the"
                    + " text (such as U+202E), because they can make a name read as something else.");
        }
        if (normalized.codePoints().allMatch(TokenNames::isInvisible)) {
            throw new InvalidTokenNameException("A token name needs at least one visible character; this one has only"
                    + " spaces or invisible characters.");
        }
        int length = normalized.codePointCount(0, normalized.length());
        if (length > MAX_LENGTH) {
            throw new InvalidTokenNameException("A token name has at most " + MAX_LENGTH
                    + " characters (an emoji may count as several); this one has " + length + ".");
        }
        return normalized;
    }

    private static boolean hasUnpairedSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isControl(int codePoint) {
        int type = Character.getType(codePoint);
        return type == Character.CONTROL || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
    }

    private static boolean isBidiControl(int codePoint) {
        return codePoint == 0x061C || codePoint == 0x200E || codePoint == 0x200F
                || codePoint >= 0x202A && codePoint <= 0x202E
                || codePoint >= 0x2066 && codePoint <= 0x2069;
    }

    private static boolean isInvisible(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.SPACE_SEPARATOR, Character.FORMAT, Character.NON_SPACING_MARK, Character.ENCLOSING_MARK -> true;
            // Hangul fillers are letters that show nothing (Unicode Default_Ignorable_Code_Point)
            default -> Character.isWhitespace(codePoint)
                    || codePoint == 0x115F || codePoint == 0x1160 || codePoint == 0x3164 || codePoint == 0xFFA0;
        };
    }
}
