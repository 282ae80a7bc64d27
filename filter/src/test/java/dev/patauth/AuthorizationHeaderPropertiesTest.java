package dev.patauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patauth.AuthorizationHeaderModel.Expected;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Many thousands of hostile Authorization values, read exactly as the RFC 6750 table says. */
class AuthorizationHeaderPropertiesTest {

    @Test
    void everyValueIsClassifiedAsTheTableSays() {
        Seeded.check(20_000, AuthorizationHeaderModel::hostileValue, value -> {
            BearerCredentials.Kind kind = BearerCredentials.parse(value).kind();

            Expected expected = AuthorizationHeaderModel.expected(List.of(value));
            switch (expected) {
                case PASS -> assertThat(kind).isEqualTo(BearerCredentials.Kind.OTHER);
                case BAD_REQUEST -> assertThat(kind).isEqualTo(BearerCredentials.Kind.MALFORMED);
                case INVALID_TOKEN -> assertThat(kind).isEqualTo(BearerCredentials.Kind.PAT);
                default -> throw new AssertionError("one header is never " + expected);
            }
        });
    }
}
