package dev.patauth;

/**
 * Not patauth code: a prototype of {@code BearerCredentials.parse} with the two regular
 * expressions replaced by a character scan of the same grammar (RFC 6750 b64token after
 * "Bearer" and one or more spaces), measured beside the real one. Returns the token, or null
 * where the real parse would say anything but PAT.
 */
final class ProposedHeaderParse {

    private ProposedHeaderParse() {
    }

    static String patToken(String header) {
        int scheme = 6;
        if (header.length() <= scheme || !header.regionMatches(true, 0, "Bearer", 0, scheme) || header.charAt(scheme) != ' ') {
            return null;
        }
        int start = scheme;
        while (start < header.length() && header.charAt(start) == ' ') {
            start++;
        }
        int end = header.length();
        int i = start;
        while (i < end && isB64(header.charAt(i))) {
            i++;
        }
        if (i == start) {
            return null;
        }
        while (i < end && header.charAt(i) == '=') {
            i++;
        }
        if (i != end || !header.startsWith(TokenFormat.PREFIX, start)) {
            return null;
        }
        return header.substring(start);
    }

    private static boolean isB64(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
    }
}
