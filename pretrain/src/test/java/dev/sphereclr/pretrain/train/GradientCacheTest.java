package dev.sphereclr.pretrain.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import org.junit.jupiter.api.Test;

/**
 * The chunked step is exact: in FLOAT64 its loss, every parameter's gradient, the batch-norm
 * running statistics and the parameters after LARS steps equal the reference's, which runs every
 * chunk forward with gradients, gathers the projections and takes one loss and one backward over
 * the whole batch; and so does the step on two replicas of the model.
 */
class GradientCacheTest {

    private static final double TOLERANCE = 1e-10;

    private static void assertExact(ChunkedStepCheck.Case c, boolean statistics) {
        ChunkedStepCheck.Result r = ChunkedStepCheck.run(c, Device.cpu(), DataType.FLOAT64);
        assertTrue(r.loss() < TOLERANCE, "loss: " + r);
        assertTrue(r.gradients() < TOLERANCE, "gradients: " + r);
        assertTrue(r.parameters() < TOLERANCE, "parameters: " + r);
        if (statistics) {
            assertTrue(r.statistics() < TOLERANCE, "running statistics: " + r);
        }
    }

    @Test
    void simclrWithTheSecGivesTheReferencesLossGradientsAndStatisticsWithTheHeadsBatchNorm() {
        assertExact(new ChunkedStepCheck.Case("simclr", true, 2, 2, 1, 1), true);
    }

    @Test
    void simclrWithTheSecGivesTheReferencesLossGradientsAndStatisticsWithoutIt() {
        assertExact(new ChunkedStepCheck.Case("simclr", false, 4, 2, 1, 1), true);
    }

    @Test
    void multiCropGivesTheReferencesLossGradientsAndStatistics() {
        assertExact(new ChunkedStepCheck.Case("simclr", true, 4, 4, 1, 1), true);
    }

    @Test
    void mocoV2sQueriesGiveTheReferencesLossGradientsAndStatistics() {
        assertExact(new ChunkedStepCheck.Case("mocov2", false, 4, 2, 1, 2), true);
    }

    @Test
    void supConGathersItsLabelsWithTheChunksAndTheReplicas() {
        assertExact(new ChunkedStepCheck.Case("supcon", false, 4, 2, 1, 2), true);
        assertExact(new ChunkedStepCheck.Case("supcon", true, 2, 2, 2, 1), false);
    }

    @Test
    void metricLearningOnOneViewGivesTheReferencesLossAndGradients() {
        assertExact(new ChunkedStepCheck.Case("triplet", false, 4, 1, 1, 2), true);
        assertExact(new ChunkedStepCheck.Case("multi_similarity", false, 2, 1, 2, 1), false);
    }

    @Test
    void afterFiveLarsStepsTheParametersAreTheReferences() {
        assertExact(new ChunkedStepCheck.Case("simclr", true, 2, 2, 1, 5), true);
    }

    @Test
    void twoReplicasOnTheCpuGiveTheParametersOfTheChunkedStepAfterThreeSteps() {
        assertExact(new ChunkedStepCheck.Case("simclr", true, 4, 2, 2, 3), false);
        assertExact(new ChunkedStepCheck.Case("mocov2", true, 4, 2, 2, 3), false);
    }
}
