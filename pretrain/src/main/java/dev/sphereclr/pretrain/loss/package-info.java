/**
 * Contrastive objectives as small functions of embeddings: {@link
 * dev.sphereclr.pretrain.loss.NtXentLoss} (SimCLR), {@link dev.sphereclr.pretrain.loss.InfoNceLoss}
 * (MoCo) and the {@link dev.sphereclr.pretrain.loss.SphericalEmbeddingConstraint} (SEC) on raw
 * embeddings.
 */
package dev.sphereclr.pretrain.loss;
