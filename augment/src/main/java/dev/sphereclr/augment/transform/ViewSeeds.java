package dev.sphereclr.augment.transform;

import java.util.SplittableRandom;

/**
 * Independent random streams per (seed, epoch, sample index, view index), so that a view is the
 * same whatever thread computes it and whenever a run is resumed.
 */
public final class ViewSeeds {

    private ViewSeeds() {}

    /** SplitMix64's finalizer: a bijective mix of 64 bits. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** A 64-bit key from the seed and any number of coordinates. */
    public static long key(long seed, long... coordinates) {
        long h = mix(seed ^ 0x9e3779b97f4a7c15L);
        for (long c : coordinates) {
            h = mix(h + 0x9e3779b97f4a7c15L + c);
        }
        return h;
    }

    /** The stream of draws for one view of one sample in one epoch. */
    public static SplittableRandom forView(long seed, int epoch, long sampleIndex, int view) {
        return new SplittableRandom(key(seed, epoch, sampleIndex, view));
    }

    /**
     * A uniformly random permutation of {@code 0..n-1} (Fisher-Yates) drawn from {@code random}.
     */
    public static int[] permutation(int n, SplittableRandom random) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
