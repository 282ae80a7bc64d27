package dev.patauth.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** RESULTS.md, assembled from the parts of a run as they finish. */
final class Report {

    record Goal(String goal, String measured, boolean met) {
    }

    private final List<String> environment = new ArrayList<>();
    private final List<String> sections = new ArrayList<>();
    private final List<Goal> goals = new ArrayList<>();
    private final List<String> headline = new ArrayList<>();
    private final List<String> analysis = new ArrayList<>();

    void environment(String label, String value) {
        environment.add("| " + label + " | " + value + " |");
    }

    void section(String title, String markdown) {
        sections.add("## " + title + "\n\n" + markdown.strip() + "\n");
    }

    void goal(String goal, String measured, boolean met) {
        goals.add(new Goal(goal, measured, met));
    }

    List<Goal> goals() {
        return List.copyOf(goals);
    }

    void headline(String what, String figure) {
        headline.add("| " + what + " | " + figure + " |");
    }

    /** A paragraph on what limits a missed goal, with the evidence. */
    void analysis(String markdown) {
        analysis.add(markdown.strip());
    }

    void write(Path file, String command) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# patauth benchmark results\n\n");
        md.append("Written by `").append(command).append("`, which builds what it needs, runs every benchmark below"
                + " in one go and rewrites this file. Figures are from one run on the machine described here;"
                + " compare ratios rather than absolute numbers across machines.\n\n");
        md.append("| | |\n|---|---|\n");
        environment.forEach(line -> md.append(line).append('\n'));
        md.append("\n## Headline\n\n| what | figure |\n|---|---|\n");
        headline.forEach(line -> md.append(line).append('\n'));
        md.append("\n## Goals\n\n| goal | measured | result |\n|---|---|---|\n");
        for (Goal goal : goals) {
            md.append("| ").append(goal.goal()).append(" | ").append(goal.measured()).append(" | ")
                    .append(Stats.metOrNot(goal.met())).append(" |\n");
        }
        md.append('\n');
        if (!analysis.isEmpty()) {
            md.append("## What limits the missed goals\n\n");
            analysis.forEach(paragraph -> md.append(paragraph).append("\n\n"));
        }
        sections.forEach(section -> md.append(section).append('\n'));
        md.append("## Reproduce\n\n```\n").append(command).append("\n```\n");
        Files.writeString(file, md.toString(), StandardCharsets.UTF_8);
    }
}
