/**
 * The {@code pretrain} and {@code bench} commands and the pretraining options, reached through
 * SphereCLR's one command line ({@code dev.sphereclr.app.SphereClr}); {@link
 * dev.sphereclr.pretrain.cli.PretrainMain} and {@link dev.sphereclr.pretrain.cli.BenchMain} are the
 * entry points of the child JVMs that the budget experiment and {@code bench compare} start.
 */
package dev.sphereclr.pretrain.cli;
