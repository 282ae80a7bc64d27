package dev.patauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patauth.BearerCredentials.Kind;
import org.junit.jupiter.api.Test;

class BearerCredentialsTest {

    private static final String TOKEN = "pat_abcdefghijABCDEFGHIJ0123456789klmnopqrst2ywciD";

    @Test
    void bearerSchemeIsMatchedInAnyCase() {
        assertThat(BearerCredentials.parse("Bearer " + TOKEN)).isEqualTo(new BearerCredentials(Kind.PAT, TOKEN));
        assertThat(BearerCredentials.parse("bEaReR " + TOKEN).token()).isEqualTo(TOKEN);
    }

    @Test
    void severalSpacesMayFollowTheScheme() {
        assertThat(BearerCredentials.parse("Bearer    " + TOKEN).token()).isEqualTo(TOKEN);
    }

    @Test
    void otherSchemesAndForeignBearerTokensAreNotOurs() {
        assertThat(BearerCredentials.parse("Basic YWxpY2U6c2VjcmV0").kind()).isEqualTo(Kind.OTHER);
        assertThat(BearerCredentials.parse("Bearer eyJhbGciOiJIUzI1NiJ9.e30.x").kind()).isEqualTo(Kind.OTHER);
        assertThat(BearerCredentials.parse("BearerX " + TOKEN).kind()).isEqualTo(Kind.OTHER);
        assertThat(BearerCredentials.parse("Bearer PAT_" + TOKEN.substring(4)).kind()).isEqualTo(Kind.OTHER);
    }

    @Test
    void bearerWithoutAValidB64tokenIsMalformed() {
        assertThat(BearerCredentials.parse("Bearer").kind()).isEqualTo(Kind.MALFORMED);
        assertThat(BearerCredentials.parse("Bearer ").kind()).isEqualTo(Kind.MALFORMED);
        assertThat(BearerCredentials.parse("Bearer pat_abc def").kind()).isEqualTo(Kind.MALFORMED);
        assertThat(BearerCredentials.parse("Bearer pat_abc,def").kind()).isEqualTo(Kind.MALFORMED);
        assertThat(BearerCredentials.parse("Bearer\t" + TOKEN).kind()).isEqualTo(Kind.MALFORMED);
        assertThat(BearerCredentials.parse("Bearer pat_é").kind()).isEqualTo(Kind.MALFORMED);
        assertThat(BearerCredentials.parse("Bearer =abc").kind()).isEqualTo(Kind.MALFORMED);
    }

    @Test
    void paddingIsAllowedOnlyAtTheEnd() {
        assertThat(BearerCredentials.parse("Bearer pat_abc==").kind()).isEqualTo(Kind.PAT);
        assertThat(BearerCredentials.parse("Bearer pat_a=bc").kind()).isEqualTo(Kind.MALFORMED);
    }

    @Test
    void toStringNeverShowsTheToken() {
        assertThat(BearerCredentials.parse("Bearer " + TOKEN).toString()).doesNotContain(TOKEN).contains("PAT");
    }
}
