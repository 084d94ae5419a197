/**
 * Self-supervised methods over a shared encoder and loop: each turns a batch of views into a loss
 * and owns its extra state (SEC's moving mean, MoCo's key encoder and queue).
 */
package dev.sphereclr.pretrain.method;
