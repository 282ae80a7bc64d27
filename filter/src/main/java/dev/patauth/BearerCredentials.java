package dev.patauth;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Enumeration;
import java.util.regex.Pattern;

/**
 * What a request's {@code Authorization} header holds, read by RFC 6750 section 2.1 rules:
 * one header, scheme "Bearer" in any case, one or more spaces, then a b64token. Tokens in the
 * query string or the form body are never read.
 */
record BearerCredentials(Kind kind, String token) {

    enum Kind {
        /** No Authorization header at all. */
        NONE,
        /** Another scheme (Basic, Digest, …) or a Bearer token that is not a patauth token. */
        OTHER,
        /** More than one Authorization header. */
        MULTIPLE,
        /** A Bearer header whose value does not follow the b64token grammar. */
        MALFORMED,
        /** A Bearer token starting with {@code pat_}, not yet checked further. */
        PAT
    }

    private static final String SCHEME = "Bearer";
    private static final Pattern TCHAR = Pattern.compile("[A-Za-z0-9!#$%&'*+\\-.^_`|~]");
    private static final Pattern B64TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");

    private static final BearerCredentials NONE = new BearerCredentials(Kind.NONE, "");
    private static final BearerCredentials OTHER = new BearerCredentials(Kind.OTHER, "");
    private static final BearerCredentials MULTIPLE = new BearerCredentials(Kind.MULTIPLE, "");
    private static final BearerCredentials MALFORMED = new BearerCredentials(Kind.MALFORMED, "");

    static BearerCredentials of(HttpServletRequest request) {
        Enumeration<String> headers = request.getHeaders("Authorization");
        if (headers == null || !headers.hasMoreElements()) {
            return NONE;
        }
        String header = headers.nextElement();
        if (headers.hasMoreElements()) {
            return MULTIPLE;
        }
        return parse(header);
    }

    static BearerCredentials parse(String header) {
        if (!header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return OTHER;
        }
        if (header.length() == SCHEME.length()) {
            return MALFORMED;
        }
        char next = header.charAt(SCHEME.length());
        if (next != ' ') {
            // "BearerX …" is some other scheme whose name starts with Bearer; "Bearer\t…" is a broken Bearer
            return TCHAR.matcher(String.valueOf(next)).matches() ? OTHER : MALFORMED;
        }
        int start = SCHEME.length();
        while (start < header.length() && header.charAt(start) == ' ') {
            start++;
        }
        String token = header.substring(start);
        if (token.isEmpty() || !B64TOKEN.matcher(token).matches()) {
            return MALFORMED;
        }
        return token.startsWith(TokenFormat.PREFIX) ? new BearerCredentials(Kind.PAT, token) : OTHER;
    }

    @Override
    public String toString() {
        return "BearerCredentials[" + kind + "]";
    }
}
