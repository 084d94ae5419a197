package dev.sphereclr.pretrain.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * {@link NtXentLoss}'s value and its gradient with respect to the raw projections, computed without
 * a graph, in blocks of rows: memory holds B x 2N similarities at a time rather than the 2N x 2N
 * matrix and what its backward keeps, which over a chunked batch of 4,096 (8,192 views) is several
 * 268 MB matrices.
 *
 * <p>With \( u \) the normalized projections, \( P \) the row softmax of \( u u^\top / \tau \)
 * (self excluded) and \( p(i) \) the positive of row i: \[ \frac{\partial \ell}{\partial u} =
 * \frac{(P + P^\top) u - 2 u_{p}}{2N\tau}, \qquad \frac{\partial \ell}{\partial z_i} = \frac{g_i -
 * u_i (u_i^\top g_i)}{\max(\lVert z_i \rVert, \epsilon)} \] where \( g = \partial \ell / \partial u
 * \) (the second term vanishes for rows clamped at \( \epsilon \), as autograd has it).
 */
public final class BlockwiseNtXent {

    /** Rows of the similarity matrix held at a time, by default. */
    static final int BLOCK = 512;

    /**
     * The loss and its gradient.
     *
     * @param value the scalar loss
     * @param gradient {@code 2N x D}, with respect to the raw projections
     */
    public record ValueAndGradient(NDArray value, NDArray gradient) {}

    private final double temperature;
    private final int block;

    /**
     * @param temperature \( \tau \), in {@link Temperature#RANGE}
     */
    public BlockwiseNtXent(double temperature) {
        this(temperature, BLOCK);
    }

    /**
     * @param temperature \( \tau \), in {@link Temperature#RANGE}
     * @param block rows of the similarity matrix held at a time
     */
    BlockwiseNtXent(double temperature, int block) {
        this.temperature = Temperature.check(temperature);
        this.block = block;
    }

    /**
     * NT-Xent of {@code z}, the raw projections of both views (rows 0..N-1 and N..2N-1 the same
     * images), and its gradient. Run without gradient recording; nothing here keeps a graph.
     */
    public ValueAndGradient compute(NDArray z) {
        long rows = z.getShape().get(0);
        long n = rows / 2;
        NDManager m = z.getManager();
        NDArray raw = Embeddings.rowNorms(z);
        NDArray epsilon = GraphConstants.scalar(z, Embeddings.EPSILON);
        NDArray norms = raw.maximum(epsilon);
        NDArray u = z.div(norms.expandDims(1));
        NDArray positives = NDArrays.concat(new NDList(u.get(n + ":"), u.get("0:" + n)), 0);
        NDArray tau = GraphConstants.scalar(z, temperature);
        NDArray uT = u.transpose();
        NDList sums = new NDList();
        NDList pu = new NDList();
        NDArray ptu = u.zerosLike();
        for (long r0 = 0; r0 < rows; r0 += block) {
            long r1 = Math.min(rows, r0 + block);
            try (NDManager scope = m.newSubManager()) {
                NDArray ub = u.get(new NDIndex(r0 + ":" + r1));
                ub.attach(scope);
                NDArray self = selfMask(scope, r0, r1, rows, z);
                NDArray logits =
                        ub.matMul(uT)
                                .div(tau)
                                .sub(self.mul(GraphConstants.scalar(ub, NtXentLoss.MASK)));
                NDArray logProb = logits.logSoftmax(1);
                long[] positive = new long[(int) (r1 - r0)];
                for (int i = 0; i < positive.length; i++) {
                    positive[i] = (r0 + i + n) % rows;
                }
                NDArray picked =
                        logProb.gather(
                                GraphConstants.indices(
                                        scope, positive, new Shape(positive.length, 1)),
                                1);
                NDArray p = logProb.exp();
                sums.add(keep(picked.sum(), m));
                pu.add(keep(p.matMul(u), m));
                ptu.addi(p.transpose().matMul(ub));
            }
        }
        NDArray scale = GraphConstants.scalar(z, 2.0 * n * temperature);
        NDArray g =
                NDArrays.concat(pu, 0)
                        .add(ptu)
                        .sub(positives.mul(GraphConstants.scalar(z, 2)))
                        .div(scale);
        NDArray radial = u.mul(u.mul(g).sum(new int[] {1}, true));
        NDArray unclamped = raw.gt(epsilon);
        NDArray gz = g.sub(radial.mul(unclamped.expandDims(1).toType(z.getDataType(), false)));
        NDArray value = NDArrays.stack(sums).sum().neg().div(GraphConstants.scalar(z, 2.0 * n));
        return new ValueAndGradient(value, gz.div(norms.expandDims(1)));
    }

    /** 1 where row j of the block meets column r0 + j (the anchor itself), else 0. */
    private static NDArray selfMask(NDManager scope, long r0, long r1, long rows, NDArray like) {
        int b = (int) (r1 - r0);
        var type = like.getDataType();
        return NDArrays.concat(
                new NDList(
                        scope.zeros(new Shape(b, r0), type),
                        scope.eye(b).toType(type, false),
                        scope.zeros(new Shape(b, rows - r1), type)),
                1);
    }

    private static NDArray keep(NDArray x, NDManager into) {
        x.attach(into);
        return x;
    }
}
