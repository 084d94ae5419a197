package dev.sphereclr.augment.cli;

/** Entry point of {@code mvn exec:java@augment}: the contact sheet. */
public final class AugmentMain {

    private AugmentMain() {}

    /** Runs {@link ContactSheetCommand}. */
    public static void main(String[] args) {
        Cli.main(AugmentMain.class, new ContactSheetCommand(), args);
    }
}
