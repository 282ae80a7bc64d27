package dev.patauth.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * Medians, percentiles, means with their 95 % intervals, and the number formats RESULTS.md uses.
 * The intervals are Student-t intervals of a mean over a few independent repetitions (rounds,
 * forks): they say how well the repetitions pin the mean down, not how much one repetition varies.
 */
final class Stats {

    private Stats() {
    }

    /**
     * A figure repeated {@code n} times: its estimate, the smallest and largest repetition, and the
     * 95 % interval of the estimate ({@code low}..{@code high}; NaN when {@code n < 2}).
     */
    record Spread(double mean, double min, double max, double low, double high, int n) {

        /** Half the interval's width as a fraction of the estimate: 0.03 is ±3 %. */
        double relativeHalfWidth() {
            return (high - low) / 2 / Math.abs(mean);
        }
    }

    static double mean(Collection<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    /** The sample standard deviation (n − 1 in the denominator); NaN for fewer than two values. */
    static double sd(Collection<Double> values) {
        double mean = mean(values);
        double squares = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
        return values.size() < 2 ? Double.NaN : Math.sqrt(squares / (values.size() - 1));
    }

    /** The 97.5th percentile of Student's t with {@code df} degrees of freedom: a 95 % interval's multiplier. */
    static double t95(int df) {
        return new TDistribution(df).inverseCumulativeProbability(0.975);
    }

    /** The mean of {@code values} with their min–max and the Student-t 95 % interval of the mean. */
    static Spread spread(List<Double> values) {
        int n = values.size();
        double mean = mean(values);
        double half = n < 2 ? Double.NaN : t95(n - 1) * sd(values) / Math.sqrt(n);
        return new Spread(mean, min(values), max(values), mean - half, mean + half, n);
    }

    /**
     * The ratio of the means of paired measurements, x̄ / ȳ, where {@code x.get(i)} and {@code y.get(i)}
     * were measured side by side (the same round). Min–max are those of the per-pair ratios. The
     * interval is the delta method's for a ratio of paired means: the standard error of R = x̄ / ȳ is
     * that of the mean of x_i − R·y_i divided by ȳ, with Student's t for n − 1 degrees of freedom; it
     * keeps what the pairing cancels (a slow round slows both) out of the interval.
     */
    static Spread ratioOfMeans(List<Double> x, List<Double> y) {
        int n = x.size();
        if (y.size() != n) {
            throw new IllegalArgumentException("unpaired: " + n + " and " + y.size() + " values");
        }
        double ratio = mean(x) / mean(y);
        List<Double> ratios = new ArrayList<>();
        List<Double> residuals = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ratios.add(x.get(i) / y.get(i));
            residuals.add(x.get(i) - ratio * y.get(i));
        }
        double half = n < 2 ? Double.NaN : t95(n - 1) * sd(residuals) / Math.sqrt(n) / mean(y);
        return new Spread(ratio, min(ratios), max(ratios), ratio - half, ratio + half, n);
    }

    private static double min(Collection<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    private static double max(Collection<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    /** A ratio with its spread: "0.98× (min–max 0.95–1.01, 95 % CI 0.97–0.99, n=8)". */
    static String ratio(Spread s) {
        return f2(s.mean()) + "× (" + spreadOf(s, Stats::f2) + ")";
    }

    /** A figure in {@code unit} with its spread: "20.9 µs (min–max 19.7–28.2, 95 % CI 20.1–21.7, n=8)". */
    static String figure(Spread s, String unit) {
        return f1(s.mean()) + " " + unit + " (" + spreadOf(s, Stats::f1) + ")";
    }

    private static String spreadOf(Spread s, java.util.function.DoubleFunction<String> format) {
        String minMax = "min–max " + format.apply(s.min()) + "–" + format.apply(s.max());
        return s.n() < 2 ? minMax + ", no interval from n=" + s.n()
                : minMax + ", 95 % CI " + format.apply(s.low()) + "–" + format.apply(s.high()) + ", n=" + s.n();
    }

    /** The interval's half-width as "±2.1 %". */
    static String plusMinus(Spread s) {
        return s.n() < 2 ? "± ∞" : String.format(Locale.ROOT, "±%.1f %%", 100 * s.relativeHalfWidth());
    }

    static double median(Collection<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** The nearest-rank percentile of {@code sorted}. */
    static long percentile(List<Long> sorted, double p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    static String f0(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }

    static String f1(double value) {
        return String.format(Locale.ROOT, "%,.1f", value);
    }

    static String f2(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    static String f3(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }

    /** Microseconds as milliseconds with two decimals. */
    static String ms(double micros) {
        return String.format(Locale.ROOT, "%.2f ms", micros / 1000.0);
    }

    static String metOrNot(boolean met) {
        return met ? "**met**" : "**not met**";
    }
}
