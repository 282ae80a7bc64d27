package dev.patauth.samples;

import java.util.List;

/**
 * The sample's people. The demo signs them in with BASIC auth, and {@link SampleAccountsListener}
 * writes their roles to the table that {@code patauth.roles-query} reads, so a token carries
 * its owner's roles. The passwords are public on purpose: this is a demo.
 */
public enum SampleAccount {

    /** {@code alice} / {@code alice-demo}, a member. */
    ALICE("alice", "alice-demo", List.of("member")),
    /** {@code bob} / {@code bob-demo}, a member and an admin. */
    BOB("bob", "bob-demo", List.of("member", "admin"));

    private final String user;
    private final String password;
    private final List<String> roles;

    SampleAccount(String user, String password, List<String> roles) {
        this.user = user;
        this.password = password;
        this.roles = roles;
    }

    /** @return the user name to sign in with; throws nothing */
    public String user() {
        return user;
    }

    /** @return the demo password, public on purpose; throws nothing */
    public String password() {
        return password;
    }

    /** @return the roles the sample's roles query gives this user; throws nothing */
    public List<String> roles() {
        return roles;
    }
}
