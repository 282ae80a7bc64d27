package dev.patauth;

import java.util.Objects;

/**
 * A scope the app declares ({@code patauth.scopes}): what a token may be allowed to do, such as
 * {@code read} or {@code write}. Only patauth makes one.
 */
public final class Scope {

    private final String name;
    private final String description;

    Scope(String name, String description) {
        this.name = Objects.requireNonNull(name, "name");
        this.description = Objects.requireNonNull(description, "description");
    }

    /** The scope as tokens carry it and filters require it, such as {@code write}. */
    public String name() {
        return name;
    }

    /** One line for the person choosing a token's scopes; empty when the app gave none. */
    public String description() {
        return description;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Scope that && name.equals(that.name) && description.equals(that.description);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return "Scope[" + name + "]";
    }
}
