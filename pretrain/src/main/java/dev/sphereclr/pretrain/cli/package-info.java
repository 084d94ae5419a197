/**
 * The pretraining command line: {@code mvn -pl pretrain -am compile exec:java -Dexec.args="..."}.
 */
package dev.sphereclr.pretrain.cli;
