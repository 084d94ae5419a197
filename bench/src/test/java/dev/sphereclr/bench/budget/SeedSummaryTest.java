package dev.sphereclr.bench.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SeedSummaryTest {

    private static BudgetResults.Arm arm(
            String name, long steps, double linear, double knn, double var) {
        BudgetResults.Arm a = new BudgetResults.Arm();
        a.name = name;
        a.steps = steps;
        a.linearTop1 = linear;
        a.linearTop5 = 0.9;
        a.knnTop1 = knn;
        a.finalNormVariance = steps == 0 ? Double.NaN : var;
        return a;
    }

    private static BudgetResults run(long seed, double[] simclr, double[] sec) {
        BudgetResults r = new BudgetResults();
        r.minutes = 10;
        r.schedule = "side by side";
        r.pretrainArgs = List.of("--recipe", "simclr-cifar10");
        r.secWeight = 0.01;
        r.seed = seed;
        r.arms.add(arm("random-init", 0, 0.35, 0.30, 0));
        r.arms.add(arm("simclr", 1000, simclr[0], simclr[1], 100));
        r.arms.add(arm("simclr-sec", 990, sec[0], sec[1], 2));
        return r;
    }

    private static final List<BudgetResults> RUNS =
            List.of(
                    run(1, new double[] {0.50, 0.40}, new double[] {0.55, 0.41}),
                    run(2, new double[] {0.52, 0.42}, new double[] {0.57, 0.41}),
                    run(3, new double[] {0.54, 0.44}, new double[] {0.59, 0.45}));

    @Test
    void armsAreMeanAndSampleStandardDeviationOverTheSeeds() {
        String md = SeedSummary.markdown(RUNS, List.of("a", "b", "c"));
        // linear 50, 52, 54: mean 52, sample sd 2; the floor's constant 35 has sd 0
        assertTrue(md.contains("| simclr | 1000 ± 0 | 52.00 ± 2.00% |"), md);
        assertTrue(md.contains("| random-init | 0 | 35.00 ± 0.00% |"), md);
        assertTrue(md.contains("| 100.0 ± 0.000 |"), md);
    }

    @Test
    void differencesArePairedBySeedAndComparedWithTheLargerSpread() {
        String md = SeedSummary.markdown(RUNS, List.of("a", "b", "c"));
        // linear: +5 at every seed, against sd 2 in each arm; kNN: +1, -1, +1, mean 0.33 < sd 2.31
        String row =
                "| simclr-sec − simclr | -10 ± 0 | 5.00 ± 0.00 pt | yes (|5.00| vs sd 2.00) |"
                        + " 0.33 ± 1.15 pt | no (|0.33| vs sd 2.31) | 50.0 ± 0.0x |";
        assertTrue(md.contains(row), md);
        assertEquals(1, md.lines().filter(l -> l.contains(" − simclr")).count(), md);
    }

    @Test
    void everyOtherArmIsComparedWithTheMethodWithoutSec() {
        List<BudgetResults> moco =
                RUNS.stream()
                        .map(
                                r -> {
                                    BudgetResults m = run(r.seed, new double[2], new double[2]);
                                    m.arms.clear();
                                    for (BudgetResults.Arm a : r.arms) {
                                        m.arms.add(
                                                arm(
                                                        a.name.replace("simclr", "mocov2"),
                                                        a.steps,
                                                        a.linearTop1,
                                                        a.knnTop1,
                                                        a.finalNormVariance));
                                    }
                                    m.arms.add(arm("mocov2-l2", 980, 0.40, 0.30, 50));
                                    return m;
                                })
                        .toList();
        String md = SeedSummary.markdown(moco, List.of("a", "b", "c"));
        assertTrue(md.contains("| mocov2-sec − mocov2 | -10 ± 0 | 5.00 ± 0.00 pt | yes"), md);
        // L2 arm: linear 40 against 50, 52, 54 (-10, -12, -14), var 100 / 50 at every seed
        assertTrue(md.contains("| mocov2-l2 − mocov2 | -20 ± 0 | -12.00 ± 2.00 pt | yes"), md);
        assertTrue(md.contains("| 2.0 ± 0.0x |"), md);
        assertEquals(2, md.lines().filter(l -> l.contains(" − mocov2 |")).count(), md);
    }

    @Test
    void runsOfDifferentExperimentsOrRepeatedSeedsAreRefusedByName() {
        BudgetResults other = run(4, new double[] {0.5, 0.4}, new double[] {0.5, 0.4});
        other.pretrainArgs = List.of("--recipe", "simclr-sec-cifar10");
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                SeedSummary.markdown(
                                        List.of(RUNS.get(0), other), List.of("a", "runs/x")));
        assertTrue(e.getMessage().startsWith("runs/x is not the same experiment"), e.getMessage());
        assertTrue(e.getMessage().contains("simclr-sec-cifar10"), e.getMessage());

        e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                SeedSummary.markdown(
                                        List.of(RUNS.get(0), RUNS.get(0)), List.of("a", "again")));
        assertTrue(e.getMessage().contains("again") && e.getMessage().contains("seed 1 a second"));
    }
}
