package dev.sphereclr.augment.transform;

/** Validation of probabilities given to transforms. */
final class Probability {

    private Probability() {}

    static double check(String name, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], got " + p);
        }
        return p;
    }
}
