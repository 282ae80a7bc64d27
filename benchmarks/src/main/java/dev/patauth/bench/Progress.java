package dev.patauth.bench;

import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One line of progress in the log, so a long run shows where it is. Never given a token. */
final class Progress {

    private static final Logger log = LoggerFactory.getLogger(Progress.class);

    private Progress() {
    }

    static void say(String format, Object... args) {
        log.info(String.format(Locale.ROOT, format, args));
    }
}
