package dev.sphereclr.encoder.settings;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The legal values of a numeric setting, written once as text that both the messages and the check
 * read: an interval of reals {@code (0, 10]}, {@code [0, 1)}, integers {@code 1..4}, or a bound
 * {@code >= 0}, optionally followed by a note on a special value, {@code >= 0 (0: off)}. The
 * component that uses the value declares its range; the settings check and the component's own
 * constructor check both read that declaration.
 */
public final class LegalRange {

    private static final Pattern INTERVAL =
            Pattern.compile("([\\[(])\\s*(-?[\\d.eE+-]+)\\s*,\\s*(-?[\\d.eE+-]+)\\s*([\\])])");
    private static final Pattern INTEGERS = Pattern.compile("(-?\\d+)\\.\\.(-?\\d+)");
    private static final Pattern AT_LEAST = Pattern.compile(">=\\s*(-?[\\d.eE+-]+)");
    private static final Pattern NOTE = Pattern.compile("(.*?)\\s+\\((-?\\d+: [^)]*)\\)");

    private final String text;
    private final double lower;
    private final boolean lowerClosed;
    private final double upper;
    private final boolean upperClosed;
    private final boolean integers;

    private LegalRange(
            String text,
            double lower,
            boolean lowerClosed,
            double upper,
            boolean upperClosed,
            boolean integers) {
        this.text = text;
        this.lower = lower;
        this.lowerClosed = lowerClosed;
        this.upper = upper;
        this.upperClosed = upperClosed;
        this.integers = integers;
    }

    /**
     * Reads a range's text.
     *
     * @throws IllegalArgumentException for text in none of the three forms
     */
    public static LegalRange of(String text) {
        Matcher noted = NOTE.matcher(text);
        String bounds = noted.matches() ? noted.group(1) : text;
        Matcher m = INTERVAL.matcher(bounds);
        if (m.matches()) {
            return new LegalRange(
                    text,
                    Double.parseDouble(m.group(2)),
                    m.group(1).equals("["),
                    Double.parseDouble(m.group(3)),
                    m.group(4).equals("]"),
                    false);
        }
        m = INTEGERS.matcher(bounds);
        if (m.matches()) {
            return new LegalRange(
                    text,
                    Double.parseDouble(m.group(1)),
                    true,
                    Double.parseDouble(m.group(2)),
                    true,
                    true);
        }
        m = AT_LEAST.matcher(bounds);
        if (m.matches()) {
            return new LegalRange(
                    text,
                    Double.parseDouble(m.group(1)),
                    true,
                    Double.POSITIVE_INFINITY,
                    true,
                    false);
        }
        throw new IllegalArgumentException("not a range: '" + text + "'");
    }

    /** Whether {@code value} is legal; NaN never is, and an integer range takes only integers. */
    public boolean contains(double value) {
        boolean above = lowerClosed ? value >= lower : value > lower;
        boolean below = upperClosed ? value <= upper : value < upper;
        return above && below && (!integers || value == Math.rint(value));
    }

    /**
     * Returns {@code value}, refusing an illegal one: a component's own check.
     *
     * @param what the value's name in the message, e.g. "LARS trust coefficient"
     * @throws IllegalArgumentException naming {@code what}, the range and the value
     */
    public double check(String what, double value) {
        if (!contains(value)) {
            throw new IllegalArgumentException(
                    what + " must be in " + text + ", got " + (integers ? (long) value : value));
        }
        return value;
    }

    /** The range as written, e.g. {@code (0, 10]}. */
    @Override
    public String toString() {
        return text;
    }
}
