package dev.patauth.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * This JVM's garbage collections with their start and duration on the {@code System.nanoTime()}
 * time line, so that a latency spike can be told apart from a collection that stopped every
 * thread. Start times come in milliseconds since the JVM started; they are placed on the
 * nanoTime line by the JVM's uptime read once, so they are good to a millisecond or so.
 */
final class GcPauses {

    private record Pause(String name, long startNanos, long nanos) {
    }

    private static final List<Pause> pauses = new ArrayList<>();
    private static boolean listening;
    private static long uptimeZeroNanos;

    private GcPauses() {
    }

    /** Starts recording collections (once per JVM). */
    static synchronized void listen() {
        if (listening) {
            return;
        }
        listening = true;
        uptimeZeroNanos = System.nanoTime() - ManagementFactory.getRuntimeMXBean().getUptime() * 1_000_000;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (collector instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener((notification, handback) -> {
                    if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from(
                                (CompositeData) notification.getUserData());
                        add(new Pause(info.getGcName(), uptimeZeroNanos + info.getGcInfo().getStartTime() * 1_000_000,
                                info.getGcInfo().getDuration() * 1_000_000));
                    }
                }, null, null);
            }
        }
    }

    private static synchronized void add(Pause pause) {
        pauses.add(pause);
    }

    /** The collections overlapping {@code [from, to)}: how many and their total and longest duration. */
    static synchronized String within(long from, long to) {
        int count = 0;
        long total = 0;
        long longest = 0;
        for (Pause pause : pauses) {
            if (pause.startNanos() < to && pause.startNanos() + pause.nanos() >= from) {
                count++;
                total += pause.nanos();
                longest = Math.max(longest, pause.nanos());
            }
        }
        return count == 0 ? "none" : String.format(Locale.ROOT, "%d, %d ms in all, longest %d ms", count,
                total / 1_000_000, longest / 1_000_000);
    }
}
