/**
 * Judging frozen features: the linear probe in its fast protocol (logistic regression on cached
 * features) and its standard protocol (a linear layer trained through the frozen encoder with crop
 * and flip, as SimCLR and MoCo report), and the evaluation figures.
 */
package dev.sphereclr.eval.probe;
