/**
 * SphereCLR's command line: {@link dev.sphereclr.app.SphereClr} and its subcommands ({@code
 * quickstart}, {@code eval}, {@code budget} here; {@code pretrain} and {@code bench} from pretrain;
 * {@code contact-sheet} from augment), run as {@code mvn -q test-compile exec:java
 * -Dexec.args="SUBCOMMAND ..."}.
 */
package dev.sphereclr.eval.cli;
