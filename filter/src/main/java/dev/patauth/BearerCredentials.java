package dev.patauth;

import java.util.Iterator;

/**
 * What a request's {@code Authorization} header holds, read by RFC 6750 section 2.1 rules:
 * one header, scheme "Bearer" in any case, one or more spaces, then a b64token. Every
 * integration reads the header with this, so that all answer the same header alike; tokens
 * in the query string or the form body are never read.
 *
 * @param kind  what the header holds
 * @param token the presented patauth token when {@code kind} is {@link Kind#PAT}, else empty
 */
public record BearerCredentials(Kind kind, String token) {

    /** What an {@code Authorization} header can hold, as patauth answers it. */
    public enum Kind {
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
    /** RFC 7230 tchar besides letters and digits. */
    private static final String TCHAR_SYMBOLS = "!#$%&'*+-.^_`|~";
    /** RFC 6750 b64token characters besides letters and digits (then only '=' may follow). */
    private static final String B64_SYMBOLS = "-._~+/";
    /**
     * Which ASCII characters a b64token may hold, as a table: per-character range tests over
     * the random characters of different tokens are branches the CPU mispredicts.
     */
    private static final boolean[] B64 = new boolean[128];

    static {
        for (char c = 0; c < B64.length; c++) {
            B64[c] = isLetterOrDigit(c) || B64_SYMBOLS.indexOf(c) >= 0;
        }
    }

    private static final BearerCredentials NONE = new BearerCredentials(Kind.NONE, "");
    private static final BearerCredentials OTHER = new BearerCredentials(Kind.OTHER, "");
    private static final BearerCredentials MULTIPLE = new BearerCredentials(Kind.MULTIPLE, "");
    private static final BearerCredentials MALFORMED = new BearerCredentials(Kind.MALFORMED, "");

    /**
     * The credentials in a request's {@code Authorization} header values, in the order they came.
     *
     * @param headers the values, such as {@code request.getHeaders("Authorization").asIterator()}
     */
    public static BearerCredentials of(Iterator<String> headers) {
        if (headers == null || !headers.hasNext()) {
            return NONE;
        }
        String header = headers.next();
        if (headers.hasNext()) {
            return MULTIPLE;
        }
        return parse(header);
    }

    /**
     * The credentials in one {@code Authorization} header value. An integration that can see
     * every value of the header uses {@link #of}, which also answers {@link Kind#MULTIPLE}.
     *
     * @throws NullPointerException when {@code header} is null
     */
    public static BearerCredentials parse(String header) {
        int length = header.length();
        if (!header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return OTHER;
        }
        if (length == SCHEME.length()) {
            return MALFORMED;
        }
        char next = header.charAt(SCHEME.length());
        if (next != ' ') {
            // "BearerX …" is some other scheme whose name starts with Bearer; "Bearer\t…" is a broken Bearer
            return isLetterOrDigit(next) || TCHAR_SYMBOLS.indexOf(next) >= 0 ? OTHER : MALFORMED;
        }
        int start = SCHEME.length();
        while (start < length && header.charAt(start) == ' ') {
            start++;
        }
        if (!isB64token(header, start)) {
            return MALFORMED;
        }
        return header.startsWith(TokenFormat.PREFIX, start) ? new BearerCredentials(Kind.PAT, header.substring(start)) : OTHER;
    }

    /** b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=", from {@code start} to the end. */
    private static boolean isB64token(String value, int start) {
        int i = start;
        int length = value.length();
        while (i < length) {
            char c = value.charAt(i);
            if (c >= B64.length || !B64[c]) {
                break;
            }
            i++;
        }
        if (i == start) {
            return false;
        }
        while (i < length && value.charAt(i) == '=') {
            i++;
        }
        return i == length;
    }

    private static boolean isLetterOrDigit(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }

    @Override
    public String toString() {
        return "BearerCredentials[" + kind + "]";
    }
}
