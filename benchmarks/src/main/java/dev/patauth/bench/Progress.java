package dev.patauth.bench;

import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** One line of progress on standard output, so a long run shows where it is. Never given a token. */
final class Progress {

    private Progress() {
    }

    static void say(String format, Object... args) {
        System.out.println(LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + "  " + String.format(Locale.ROOT, format, args));
        System.out.flush();
    }
}
