package dev.sphereclr.bench.budget;

import com.google.common.math.Stats;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * One budget experiment repeated over seeds: each arm's mean and sample standard deviation, and
 * each SEC arm's difference from the baseline (the first pretrained arm: SimCLR or MoCo v2 without
 * SEC) of the same run, paired seed by seed.
 *
 * <p>With n runs, {@code sd = sqrt(sum_i (x_i - mean)^2 / (n - 1))}. A mean difference counts as
 * larger than the seed spread when {@code |mean(delta)| > max(sd_baseline, sd_SEC)}: it then
 * exceeds how far one seed lands from another in either arm alone.
 */
public final class SeedSummary {

    private SeedSummary() {}

    /** Mean and sample standard deviation of {@code values} (sd NaN for one value). */
    record Spread(double mean, double sd) {
        static Spread of(double[] values) {
            Stats s = Stats.of(values);
            return new Spread(s.mean(), s.count() > 1 ? s.sampleStandardDeviation() : Double.NaN);
        }

        /** {@code format} (as in {@link String#format}) of mean and sd times {@code scale}. */
        String format(String format, double scale, String unit) {
            String mean = String.format(Locale.ROOT, format, scale * this.mean);
            String spread =
                    Double.isNaN(sd) ? "" : " ± " + String.format(Locale.ROOT, format, scale * sd);
            return mean + spread + unit;
        }
    }

    /**
     * The markdown tables for {@code runs}, the results of one experiment at different seeds.
     *
     * @throws IllegalArgumentException if the runs are not the same experiment (arms, budget,
     *     options, SEC weight) or repeat a seed; {@code names} name the runs in the message
     */
    public static String markdown(List<BudgetResults> runs, List<String> names) {
        check(runs, names);
        BudgetResults first = runs.get(0);
        StringBuilder s = new StringBuilder();
        s.append(
                String.format(
                        Locale.ROOT,
                        "%d seed%s (%s), %s per arm (%s), options `%s`, SEC weight %s\n\n",
                        runs.size(),
                        runs.size() == 1 ? "" : "s",
                        String.join(", ", runs.stream().map(r -> Long.toString(r.seed)).toList()),
                        first.budget(),
                        first.schedule,
                        String.join(" ", first.pretrainArgs),
                        first.secWeight));
        s.append(
                "| arm | steps | linear top-1 | linear top-5 | kNN top-1 | final var ‖z‖ |\n"
                        + "|---|---:|---:|---:|---:|---:|\n");
        for (int i = 0; i < first.arms.size(); i++) {
            int arm = i;
            boolean floor = first.arms.get(i).steps == 0;
            s.append(
                    String.format(
                            "| %s | %s | %s | %s | %s | %s |\n",
                            first.arms.get(i).name,
                            floor ? "0" : spread(runs, arm, a -> a.steps).format("%.0f", 1, ""),
                            spread(runs, arm, a -> a.linearTop1).format("%.2f", 100, "%"),
                            spread(runs, arm, a -> a.linearTop5).format("%.2f", 100, "%"),
                            spread(runs, arm, a -> a.knnTop1).format("%.2f", 100, "%"),
                            floor
                                    ? ""
                                    : spread(runs, arm, a -> a.finalNormVariance)
                                            .format("%.4g", 1, "")));
        }
        int base = baseline(first);
        String baseName = first.arms.get(base).name;
        s.append(
                "\n| difference, paired by seed | steps | linear top-1 | larger than the seed"
                        + " spread | kNN top-1 | larger than the seed spread | var ‖z‖ ratio |\n"
                        + "|---|---:|---:|---|---:|---|---:|\n");
        for (int i = 0; i < first.arms.size(); i++) {
            BudgetResults.Arm a = first.arms.get(i);
            if (i == base || a.steps == 0 || a.name.startsWith("pytorch-")) {
                continue;
            }
            int arm = i;
            Spread linear = difference(runs, arm, base, x -> x.linearTop1);
            Spread knn = difference(runs, arm, base, x -> x.knnTop1);
            double[] ratio = new double[runs.size()];
            for (int r = 0; r < runs.size(); r++) {
                ratio[r] =
                        runs.get(r).arms.get(base).finalNormVariance
                                / runs.get(r).arms.get(arm).finalNormVariance;
            }
            s.append(
                    String.format(
                            "| %s − %s | %s | %s | %s | %s | %s | %s |\n",
                            a.name,
                            baseName,
                            difference(runs, arm, base, x -> x.steps).format("%.0f", 1, ""),
                            linear.format("%.2f", 100, " pt"),
                            larger(linear, runs, arm, base, x -> x.linearTop1),
                            knn.format("%.2f", 100, " pt"),
                            larger(knn, runs, arm, base, x -> x.knnTop1),
                            Spread.of(ratio).format("%.1f", 1, "x")));
        }
        s.append(
                "\nMean ± sample standard deviation over the seeds. A difference is larger than the"
                        + " seed spread when its mean exceeds the larger standard deviation of the"
                        + " two arms. The ratio is the baseline's final norm variance over the"
                        + " arm's.\n");
        return s.toString();
    }

    private static Spread spread(
            List<BudgetResults> runs, int arm, ToDoubleFunction<BudgetResults.Arm> value) {
        return Spread.of(
                runs.stream().mapToDouble(r -> value.applyAsDouble(r.arms.get(arm))).toArray());
    }

    private static Spread difference(
            List<BudgetResults> runs,
            int arm,
            int base,
            ToDoubleFunction<BudgetResults.Arm> value) {
        return Spread.of(
                runs.stream()
                        .mapToDouble(
                                r ->
                                        value.applyAsDouble(r.arms.get(arm))
                                                - value.applyAsDouble(r.arms.get(base)))
                        .toArray());
    }

    private static String larger(
            Spread delta,
            List<BudgetResults> runs,
            int arm,
            int base,
            ToDoubleFunction<BudgetResults.Arm> value) {
        double sd = Math.max(spread(runs, arm, value).sd, spread(runs, base, value).sd);
        if (Double.isNaN(sd)) {
            return "one seed";
        }
        return String.format(
                Locale.ROOT,
                "%s (|%.2f| vs sd %.2f)",
                Math.abs(delta.mean) > sd ? "yes" : "no",
                100 * delta.mean,
                100 * sd);
    }

    /** The arm every other pretrained arm is compared with: the first one pretrained here. */
    private static int baseline(BudgetResults r) {
        for (int i = 0; i < r.arms.size(); i++) {
            BudgetResults.Arm a = r.arms.get(i);
            if (a.steps > 0 && !a.name.startsWith("pytorch-")) {
                return i;
            }
        }
        throw new IllegalArgumentException("no pretrained arm to compare with");
    }

    private static void check(List<BudgetResults> runs, List<String> names) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("no budget experiments given");
        }
        BudgetResults first = runs.get(0);
        List<String> arms = first.arms.stream().map(a -> a.name).toList();
        baseline(first);
        Set<Long> seeds = new HashSet<>();
        for (int i = 0; i < runs.size(); i++) {
            BudgetResults r = runs.get(i);
            String what = null;
            if (!r.arms.stream().map(a -> a.name).toList().equals(arms)) {
                what = "arms " + r.arms.stream().map(a -> a.name).toList() + " instead of " + arms;
            } else if (!r.budget().equals(first.budget())) {
                what = r.budget() + " instead of " + first.budget();
            } else if (!Objects.equals(r.pretrainArgs, first.pretrainArgs)) {
                what = "options " + r.pretrainArgs + " instead of " + first.pretrainArgs;
            } else if (r.secWeight != first.secWeight) {
                what = "SEC weight " + r.secWeight + " instead of " + first.secWeight;
            } else if (!seeds.add(r.seed)) {
                what = "seed " + r.seed + " a second time";
            }
            if (what != null) {
                throw new IllegalArgumentException(
                        names.get(i) + " is not the same experiment at another seed: " + what);
            }
        }
    }
}
