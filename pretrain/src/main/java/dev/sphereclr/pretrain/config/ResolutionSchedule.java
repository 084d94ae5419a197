package dev.sphereclr.pretrain.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Progressive resizing: views at smaller sizes early in a run, the full size at the end (as in
 * fast.ai's DAWNBench training and FixRes, Touvron et al. 2019, arXiv:1906.06423, whose point is
 * that the size a network sees last is the size it works best at). A view of side s costs about (s
 * / S)^2 of a full one, so the early epochs come cheaper; the last phase at the evaluation size
 * leaves the batch-norm statistics and filters right for it.
 *
 * <p>Written {@code SIZE@FROM,...} with FROM the fraction of the run: {@code 16@0,24@0.3,32@0.7}
 * trains at 16 px from the start, at 24 px from 30% of the run and at 32 px from 70% to the end.
 * The first phase starts at 0; the last is the run's image size.
 */
public final class ResolutionSchedule {

    /**
     * One phase.
     *
     * @param size view side in pixels
     * @param from the fraction of the run it starts at
     */
    public record Phase(int size, double from) {}

    private final List<Phase> phases;

    private ResolutionSchedule(List<Phase> phases) {
        this.phases = List.copyOf(phases);
    }

    /**
     * Parses {@code text}, the value of {@code option}, for a run of image size {@code imageSize}.
     *
     * @throws IllegalArgumentException naming the option and what is wrong
     */
    public static ResolutionSchedule parse(String option, String text, int imageSize) {
        List<Phase> phases = new ArrayList<>();
        for (String part : text.split(",")) {
            String[] f = part.trim().split("@");
            try {
                if (f.length != 2) {
                    throw new NumberFormatException();
                }
                phases.add(
                        new Phase(Integer.parseInt(f[0].trim()), Double.parseDouble(f[1].trim())));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        option
                                + " "
                                + text
                                + ": '"
                                + part
                                + "' is not SIZE@FROM, as in 16@0,32@0.6");
            }
        }
        String problem = null;
        if (phases.get(0).from() != 0) {
            problem = "the first phase must start at 0";
        } else if (phases.get(phases.size() - 1).size() != imageSize) {
            problem =
                    "the last phase must be at the image size, "
                            + imageSize
                            + " (an empty --resolution-schedule trains at that size throughout)";
        }
        for (int i = 0; i < phases.size() && problem == null; i++) {
            Phase p = phases.get(i);
            if (p.size() < 8 || p.size() > imageSize) {
                problem = "sizes must be in 8.." + imageSize + ", got " + p.size();
            } else if (i > 0 && !(p.from() > phases.get(i - 1).from() && p.from() < 1)) {
                problem = "phases must start in increasing order below 1, got " + p.from();
            }
        }
        if (problem != null) {
            throw new IllegalArgumentException(option + " " + text + ": " + problem);
        }
        return new ResolutionSchedule(phases);
    }

    /** The view size at {@code progress} in [0, 1] of the run. */
    public int sizeAt(double progress) {
        int size = phases.get(0).size();
        for (Phase p : phases) {
            if (progress >= p.from()) {
                size = p.size();
            }
        }
        return size;
    }

    @Override
    public String toString() {
        return phases.stream()
                .map(p -> String.format(Locale.ROOT, "%d@%s", p.size(), p.from()))
                .collect(Collectors.joining(","));
    }
}
