package dev.sphereclr.pretrain.loss;

import ai.djl.ndarray.NDArray;

/**
 * The multi-similarity loss (Wang et al., CVPR 2019), with its pair mining, as the SEC authors
 * train it ({@code Dyfine/SphericalEmbedding} {@code loss.py} at 9572b629: \( \alpha = 2, \beta =
 * 40, \lambda = 0.5 \), margin \( \epsilon = 0.1 \)). With \( s_{ij} \) cosine similarities, anchor
 * i keeps the positives \( P_i = \{p : s_{ip} < 1 - 10^{-5}\} \) of its class and the negatives \(
 * N_i \) of other classes; mining keeps the negatives with \( s_{in} + \epsilon > \min_{P_i} s \)
 * and the positives with \( s_{ip} - \epsilon < \max_{N_i} s \); an anchor left without either adds
 * nothing. \[ \ell = \frac{1}{N} \sum_i \frac{1}{\alpha} \log\Big(1 + \sum_{\tilde P_i} e^{-\alpha
 * (s_{ip} - \lambda)}\Big) + \frac{1}{\beta} \log\Big(1 + \sum_{\tilde N_i} e^{\beta (s_{in} -
 * \lambda)}\Big). \] The mining is a selection: no gradient flows through it.
 */
public final class MultiSimilarityLoss {

    static final double ALPHA = 2;
    static final double BETA = 40;
    static final double LAMBDA = 0.5;
    static final double MARGIN = 0.1;
    private static final double SAME = 1 - 1e-5;
    private static final double AWAY = 1e3;

    /**
     * @param z {@code N x D} raw embeddings
     * @param labels their classes
     * @return a scalar
     */
    public NDArray compute(NDArray z, int[] labels) {
        NDArray u = Embeddings.l2Normalize(z);
        NDArray s = u.matMul(u.transpose());
        NDArray fixed = s.stopGradient();
        NDArray one = GraphConstants.scalar(s, 1);
        NDArray away = GraphConstants.scalar(s, AWAY);
        NDArray positives =
                Pairs.positives(s, labels)
                        .add(identity(s)) // itself too, dropped by SAME
                        .mul(fixed.lt(SAME).toType(s.getDataType(), false));
        NDArray negatives = Pairs.negatives(s, labels);
        NDArray minPositive = fixed.add(one.sub(positives).mul(away)).min(new int[] {1}, true);
        NDArray maxNegative = fixed.sub(one.sub(negatives).mul(away)).max(new int[] {1}, true);
        NDArray margin = GraphConstants.scalar(s, MARGIN);
        NDArray hardNegatives =
                negatives.mul(fixed.add(margin).gt(minPositive).toType(s.getDataType(), false));
        NDArray hardPositives =
                positives.mul(fixed.sub(margin).lt(maxNegative).toType(s.getDataType(), false));
        NDArray kept =
                hardPositives
                        .sum(new int[] {1})
                        .gt(0)
                        .logicalAnd(hardNegatives.sum(new int[] {1}).gt(0))
                        .toType(s.getDataType(), false);
        NDArray lambda = GraphConstants.scalar(s, LAMBDA);
        NDArray pos =
                s.sub(lambda)
                        .mul(GraphConstants.scalar(s, -ALPHA))
                        .exp()
                        .mul(hardPositives)
                        .sum(new int[] {1})
                        .add(one)
                        .log()
                        .div(GraphConstants.scalar(s, ALPHA));
        NDArray neg =
                s.sub(lambda)
                        .mul(GraphConstants.scalar(s, BETA))
                        .exp()
                        .mul(hardNegatives)
                        .sum(new int[] {1})
                        .add(one)
                        .log()
                        .div(GraphConstants.scalar(s, BETA));
        return pos.add(neg).mul(kept).sum().div(GraphConstants.scalar(s, labels.length));
    }

    private static NDArray identity(NDArray like) {
        return like.getManager()
                .eye((int) like.getShape().get(0))
                .toType(like.getDataType(), false);
    }
}
