/**
 * Weighted k-nearest-neighbour classification of embeddings (Wu et al. 2018, arXiv:1805.01978),
 * shared by pretrain's online monitor and linear-eval.
 */
package dev.sphereclr.pretrain.knn;
