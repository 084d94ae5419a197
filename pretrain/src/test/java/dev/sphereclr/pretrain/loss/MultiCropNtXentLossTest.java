package dev.sphereclr.pretrain.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

class MultiCropNtXentLossTest {

    /** The loss written from its definition with plain loops: rows view-major, G global views. */
    static double reference(double[][] z, int images, int globals, double t) {
        int total = z.length;
        double[][] u = new double[total][];
        for (int a = 0; a < total; a++) {
            u[a] = LossInvariantsTest.normalize(z[a]);
        }
        double sum = 0;
        for (int a = 0; a < total; a++) {
            double positives = 0;
            double all = 0;
            for (int b = 0; b < total; b++) {
                boolean sameImage = a % images == b % images;
                boolean positive = sameImage && b != a && b < globals * images;
                double e = Math.exp(LossInvariantsTest.dot(u[a], u[b]) / t);
                if (positive) {
                    positives += e;
                }
                if (positive || !sameImage) {
                    all += e;
                }
            }
            sum += -Math.log(positives / all);
        }
        return sum / total;
    }

    @Test
    void everySmallViewIsPulledToTheGlobalViewsOfItsImage() {
        int images = 3;
        double[][] z = LossInvariantsTest.random(images * 5, 6, 11); // 2 global + 3 small views
        try (NDManager m = NDManager.newBaseManager()) {
            double loss = new MultiCropNtXentLoss(0.5).compute(m.create(z), images, 2).getDouble();
            assertEquals(reference(z, images, 2, 0.5), loss, 1e-9);
        }
    }

    @Test
    void withTwoViewsItIsNtXentInValueAndGradient() {
        double[][] z1 = LossInvariantsTest.random(5, 8, 3);
        double[][] z2 = LossInvariantsTest.random(5, 8, 4);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a1 = m.create(z1);
            NDArray a2 = m.create(z2);
            a1.setRequiresGradient(true);
            a2.setRequiresGradient(true);
            double nt;
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                NDArray l = new NtXentLoss(0.2).compute(a1, a2);
                nt = l.getDouble();
                c.backward(l);
            }
            double[] expected = a1.getGradient().toDoubleArray();
            NDArray b = m.create(concat(z1, z2));
            b.setRequiresGradient(true);
            double multi;
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                NDArray l = new MultiCropNtXentLoss(0.2).compute(b, 5, 2);
                multi = l.getDouble();
                c.backward(l);
            }
            assertEquals(nt, multi, 1e-9);
            double[] actual = b.getGradient().get("0:5").toDoubleArray();
            assertArrayEquals(expected, actual, 1e-9);
        }
    }

    @Test
    void tooFewImagesOrViewsAreRefused() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray z = m.create(LossInvariantsTest.random(6, 4, 1));
            MultiCropNtXentLoss loss = new MultiCropNtXentLoss(0.5);
            assertThrows(IllegalArgumentException.class, () -> loss.compute(z, 1, 2));
            assertThrows(IllegalArgumentException.class, () -> loss.compute(z, 4, 2));
            assertThrows(IllegalArgumentException.class, () -> loss.compute(z, 6, 2));
        }
    }

    private static double[][] concat(double[][] a, double[][] b) {
        double[][] out = new double[a.length + b.length][];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
