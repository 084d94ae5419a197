package dev.sphereclr.pretrain.loss;

import ai.djl.ndarray.NDArray;

/**
 * The supervised contrastive loss (Khosla et al., NeurIPS 2020, arXiv:2004.11362, eq. 2, \(
 * \mathcal{L}^{sup}_{out} \)), over V views of N labelled images.
 *
 * <p>With \( u \) the VN projections L2-normalized, \( s_{ij} = u_i^\top u_j / \tau \), and \( P(i)
 * \) the other rows of anchor i's class (the other views of its image included): \[ \ell =
 * \frac{\tau}{\tau_b} \frac{1}{VN} \sum_i \frac{-1}{|P(i)|} \sum_{p \in P(i)} \log
 * \frac{e^{s_{ip}}} {\sum_{a \ne i} e^{s_{ia}}}. \] The factor \( \tau / \tau_b \) is SupContrast's
 * ({@code HobbitLong/SupContrast} {@code losses.py}, base temperature 0.07); with one image a class
 * it is NT-Xent times that factor.
 */
public final class SupConLoss {

    /** SupContrast's base temperature. */
    public static final double BASE_TEMPERATURE = 0.07;

    private final double temperature;
    private final double baseTemperature;

    /**
     * @param temperature \( \tau \), in {@link Temperature#RANGE} (SupContrast: 0.1 on CIFAR)
     * @param baseTemperature \( \tau_b \) (SupContrast: 0.07)
     */
    public SupConLoss(double temperature, double baseTemperature) {
        this.temperature = Temperature.check(temperature);
        this.baseTemperature = Temperature.check(baseTemperature);
    }

    /**
     * The loss of V views of N images.
     *
     * @param z {@code VN x D} raw projections, view-major (the N images of view 0, then view 1)
     * @param labels the N images' classes
     * @return a scalar
     */
    public NDArray compute(NDArray z, int[] labels) {
        int n = labels.length;
        long rows = z.getShape().get(0);
        if (n == 0 || rows % n != 0) {
            throw new IllegalArgumentException(
                    "SupCon needs V views of the N labelled images; got "
                            + rows
                            + " rows for "
                            + n
                            + " labels");
        }
        if (rows == n) {
            Pairs.requirePositives("SupCon with one view", labels); // else the other view is one
        }
        int[] rowLabels = new int[(int) rows];
        for (int i = 0; i < rows; i++) {
            rowLabels[i] = labels[i % n];
        }
        NDArray u = Embeddings.l2Normalize(z);
        NDArray logits = u.matMul(u.transpose()).div(GraphConstants.scalar(u, temperature));
        NDArray self = z.getManager().eye((int) rows).toType(logits.getDataType(), false);
        NDArray logProb = logits.sub(self.mul(NtXentLoss.MASK)).logSoftmax(1);
        NDArray positives = Pairs.positives(logits, rowLabels);
        NDArray meanPositive =
                positives.mul(logProb).sum(new int[] {1}).div(positives.sum(new int[] {1}));
        return meanPositive.mean().mul(GraphConstants.scalar(u, -temperature / baseTemperature));
    }
}
