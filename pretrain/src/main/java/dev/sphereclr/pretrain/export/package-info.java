/**
 * The frozen-encoder export: a folder with the encoder's parameters and a JSON manifest that
 * linear-eval and downstream projects load.
 */
package dev.sphereclr.pretrain.export;
