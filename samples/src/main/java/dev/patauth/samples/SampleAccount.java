package dev.patauth.samples;

import java.util.List;

/**
 * The sample's people. The demo signs them in with BASIC auth, and {@link SampleAccountsListener}
 * writes their roles to the table that {@code patauth.roles-query} reads, so a token carries
 * its owner's roles. The passwords are public on purpose: this is a demo.
 */
public enum SampleAccount {

    ALICE("alice", "alice-demo", List.of("member")),
    BOB("bob", "bob-demo", List.of("member", "admin"));

    private final String user;
    private final String password;
    private final List<String> roles;

    SampleAccount(String user, String password, List<String> roles) {
        this.user = user;
        this.password = password;
        this.roles = roles;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public List<String> roles() {
        return roles;
    }
}
