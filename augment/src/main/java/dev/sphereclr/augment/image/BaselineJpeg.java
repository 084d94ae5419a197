package dev.sphereclr.augment.image;

import java.util.Arrays;
import java.util.Optional;

/**
 * A decoder for the JPEGs a dataset is made of: baseline (sequential, Huffman, 8-bit), one scan,
 * grayscale or YCbCr with 4:4:4, 4:2:2 or 4:2:0 sampling. Its output is bit-identical to libjpeg's
 * defaults, which ImageIO uses: the integer "islow" inverse DCT, "fancy" (triangular) chroma
 * upsampling and the fixed-point YCbCr to RGB conversion.
 *
 * <p>It exists for speed on small images: at CIFAR size ImageIO spends more time setting up a
 * decode than decoding. Anything else (progressive, arithmetic, 12-bit, CMYK, RGB-coded, embedded
 * colour profiles, several scans) and any damaged stream make {@link #decode} return {@code null},
 * and the caller falls back to ImageIO with its error reporting.
 */
final class BaselineJpeg {

    /** Natural (row-major) index of the k-th coefficient in zig-zag order. */
    private static final int[] ZIGZAG = {
        0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27,
        20, 13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51,
        58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63, 63, 63, 63, 63, 63, 63, 63,
        63, 63, 63, 63, 63, 63, 63, 63
    };

    // The inverse DCT's fixed-point constants: round(c * 2^13).
    private static final int CONST_BITS = 13;
    private static final int PASS1_BITS = 2;
    private static final int FIX_0_298631336 = 2446;
    private static final int FIX_0_390180644 = 3196;
    private static final int FIX_0_541196100 = 4433;
    private static final int FIX_0_765366865 = 6270;
    private static final int FIX_0_899976223 = 7373;
    private static final int FIX_1_175875602 = 9633;
    private static final int FIX_1_501321110 = 12299;
    private static final int FIX_1_847759065 = 15137;
    private static final int FIX_1_961570560 = 16069;
    private static final int FIX_2_053119869 = 16819;
    private static final int FIX_2_562915447 = 20995;
    private static final int FIX_3_072711026 = 25172;

    // YCbCr to RGB in 16-bit fixed point, tabulated per chroma value.
    private static final int[] CR_R = new int[256];
    private static final int[] CB_B = new int[256];
    private static final int[] CR_G = new int[256];
    private static final int[] CB_G = new int[256];

    static {
        int half = 1 << 15;
        for (int i = 0; i < 256; i++) {
            int x = i - 128;
            CR_R[i] = (fix16(1.40200) * x + half) >> 16;
            CB_B[i] = (fix16(1.77200) * x + half) >> 16;
            CR_G[i] = -fix16(0.71414) * x;
            CB_G[i] = -fix16(0.34414) * x + half;
        }
    }

    /** libjpeg's post-IDCT range limit, indexed by the 10 low bits of the IDCT output. */
    private static final byte[] RANGE = new byte[1024];

    /** Clamp to [0, 255], indexed by value + 512. */
    private static final byte[] CLAMP = new byte[1536];

    static {
        for (int i = 0; i < 1024; i++) {
            int v = (i ^ 512) - 512 + 128; // sign-extend the 10 bits, centre on 128
            RANGE[i] = (byte) Math.max(0, Math.min(255, v));
        }
        for (int i = 0; i < CLAMP.length; i++) {
            CLAMP[i] = (byte) Math.max(0, Math.min(255, i - 512));
        }
    }

    private static int fix16(double v) {
        return (int) (v * 65536 + 0.5);
    }

    /** Thrown inside the decoder for anything it does not take; {@link #decode} returns null. */
    private static final class Unsupported extends Exception {
        private static final long serialVersionUID = 1L;

        Unsupported() {
            super(null, null, false, false);
        }
    }

    private static final Unsupported UNSUPPORTED = new Unsupported();

    /** One Huffman table: a 9-bit lookahead plus the canonical code limits for longer codes. */
    private static final class Huffman {
        static final int LOOKAHEAD = 9;
        final int[] fast = new int[1 << LOOKAHEAD]; // (length << 8) | symbol, 0 when longer
        // For AC tables: run, value and total length when code and magnitude fit the lookahead:
        // (value << 12) | (run << 8) | length, 0 when they do not.
        final int[] fastAc = new int[1 << LOOKAHEAD];
        final int[] maxCode = new int[18]; // largest code of each length, -1 when none
        final int[] valOffset = new int[17];
        final byte[] symbols;

        Huffman(int[] counts, byte[] symbols) throws Unsupported {
            this.symbols = symbols;
            int code = 0;
            int k = 0;
            for (int len = 1; len <= 16; len++) {
                valOffset[len] = k - code;
                if (counts[len] > 0) {
                    for (int i = 0; i < counts[len]; i++, k++, code++) {
                        if (len <= LOOKAHEAD) {
                            int shift = LOOKAHEAD - len;
                            int entry = (len << 8) | (symbols[k] & 0xFF);
                            for (int j = 0; j < 1 << shift; j++) {
                                fast[(code << shift) | j] = entry;
                            }
                        }
                    }
                    maxCode[len] = code - 1;
                } else {
                    maxCode[len] = -1;
                }
                if (code > 1 << len) {
                    throw UNSUPPORTED; // over-subscribed: not a valid table
                }
                code <<= 1;
            }
            maxCode[17] = Integer.MAX_VALUE;
            for (int i = 0; i < fast.length; i++) {
                int e = fast[i];
                if (e == 0) {
                    continue;
                }
                int len = e >> 8;
                int r = (e >> 4) & 15;
                int size = e & 15;
                if (size != 0 && len + size <= LOOKAHEAD) {
                    int bitsIn = (i >> (LOOKAHEAD - len - size)) & ((1 << size) - 1);
                    int value = bitsIn < 1 << (size - 1) ? bitsIn - (1 << size) + 1 : bitsIn;
                    fastAc[i] = (value << 12) | (r << 8) | (len + size);
                }
            }
        }
    }

    private static final class Component {
        int id;
        int h;
        int v;
        int quant;
        Huffman dc;
        Huffman ac;
        int[] q;
        int stride; // samples per line of the plane: whole MCUs
        int width; // samples that carry image data (libjpeg's downsampled width and height)
        int height;
        byte[] plane;
        int pred;
    }

    private final byte[] data;
    private int pos;
    private long bits;
    private int bitCount;
    private boolean markerHit;
    private int width;
    private int height;
    private int maxPixels = Integer.MAX_VALUE;
    private Component[] comps;
    private final int[] coef = new int[64];
    private final int[] ws = new int[64];

    private BaselineJpeg(byte[] data) {
        this.data = data;
    }

    /**
     * Decodes {@code jpeg} to RGB, or returns nothing when it is not a stream this decoder takes
     * (see the class comment).
     */
    static Optional<RgbImage> decode(byte[] jpeg) {
        return decode(jpeg, Integer.MAX_VALUE);
    }

    /**
     * Like {@link #decode(byte[])}, but also returns nothing for images of more than {@code
     * maxPixels} pixels: past a point, ImageIO's native decoder is faster.
     */
    static Optional<RgbImage> decode(byte[] jpeg, int maxPixels) {
        try {
            BaselineJpeg decoder = new BaselineJpeg(jpeg);
            decoder.maxPixels = maxPixels;
            return Optional.of(decoder.run());
        } catch (Unsupported | RuntimeException e) {
            return Optional.empty(); // damaged or unusual: ImageIO decodes it or reports the error
        }
    }

    /**
     * Recently built Huffman tables of this thread, keyed by their 16 counts and symbols: the files
     * of one dataset share their tables, and building one costs more than decoding a CIFAR-sized
     * image's worth of codes.
     */
    private static final ThreadLocal<Object[]> TABLES =
            ThreadLocal.withInitial(() -> new Object[16]);

    private Huffman huffmanTable(int from, int to) throws Unsupported {
        Object[] cache = TABLES.get();
        for (int i = 0; i < cache.length; i += 2) {
            byte[] key = (byte[]) cache[i];
            if (key != null && Arrays.equals(key, 0, key.length, data, from, to)) {
                return (Huffman) cache[i + 1];
            }
        }
        int[] counts = new int[17];
        for (int i = 1; i <= 16; i++) {
            counts[i] = data[from + i - 1] & 0xFF;
        }
        Huffman t = new Huffman(counts, Arrays.copyOfRange(data, from + 16, to));
        System.arraycopy(cache, 0, cache, 2, cache.length - 2); // newest first
        cache[0] = Arrays.copyOfRange(data, from, to);
        cache[1] = t;
        return t;
    }

    private int u8() throws Unsupported {
        if (pos >= data.length) {
            throw UNSUPPORTED;
        }
        return data[pos++] & 0xFF;
    }

    private int u16() throws Unsupported {
        return (u8() << 8) | u8();
    }

    private boolean startsWith(int at, String tag) {
        if (at + tag.length() > data.length) {
            return false;
        }
        for (int i = 0; i < tag.length(); i++) {
            if (data[at + i] != tag.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private RgbImage run() throws Unsupported {
        if (u16() != 0xFFD8) {
            throw UNSUPPORTED;
        }
        int[][] quant = new int[4][];
        Huffman[] dc = new Huffman[4];
        Huffman[] ac = new Huffman[4];
        int restartInterval = 0;
        boolean jfif = false;
        while (true) {
            if (u8() != 0xFF) {
                throw UNSUPPORTED;
            }
            int marker = u8();
            while (marker == 0xFF) {
                marker = u8(); // fill bytes
            }
            if (marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) {
                continue; // markers without a length
            }
            if (marker == 0xD9) {
                throw UNSUPPORTED; // end of image before any scan
            }
            int length = u16();
            int end = pos + length - 2;
            if (length < 2 || end > data.length) {
                throw UNSUPPORTED;
            }
            switch (marker) {
                case 0xDB -> {
                    while (pos < end) {
                        int pq = u8();
                        if (pq >> 4 != 0 || (pq & 15) > 3) {
                            throw UNSUPPORTED; // 16-bit tables belong to 12-bit images
                        }
                        int[] q = new int[64];
                        for (int k = 0; k < 64; k++) {
                            q[ZIGZAG[k]] = u8();
                        }
                        quant[pq & 15] = q;
                    }
                }
                case 0xC4 -> {
                    while (pos < end) {
                        int tc = u8();
                        int[] counts = new int[17];
                        int total = 0;
                        for (int i = 1; i <= 16; i++) {
                            counts[i] = u8();
                            total += counts[i];
                        }
                        if (total > 256 || (tc >> 4) > 1 || (tc & 15) > 3) {
                            throw UNSUPPORTED;
                        }
                        if (pos + total > end) {
                            throw UNSUPPORTED;
                        }
                        (tc >> 4 == 0 ? dc : ac)[tc & 15] = huffmanTable(pos - 16, pos + total);
                        pos += total;
                    }
                }
                case 0xC0, 0xC1 -> frame();
                case 0xDD -> restartInterval = u16();
                case 0xE0 -> jfif |= startsWith(pos, "JFIF\0");
                    // Adobe's marker decides between RGB and YCbCr, and a colour profile may make
                    // ImageIO convert colours: leave both to ImageIO.
                case 0xEE, 0xE2 -> throw UNSUPPORTED;
                case 0xDA -> {
                    if (comps == null) {
                        throw UNSUPPORTED;
                    }
                    if (comps.length == 3
                            && !jfif
                            && !(comps[0].id == 1 && comps[1].id == 2 && comps[2].id == 3)) {
                        throw UNSUPPORTED; // could be RGB-coded
                    }
                    scan(quant, dc, ac, restartInterval);
                    if (!markerHit && pos >= data.length) {
                        throw UNSUPPORTED; // the data ran out mid-scan: ImageIO names the fault
                    }
                    return toRgb();
                }
                default -> {
                    if (marker >= 0xC2 && marker <= 0xCF) {
                        throw UNSUPPORTED; // progressive, lossless, arithmetic, hierarchical
                    }
                }
            }
            pos = end;
        }
    }

    private void frame() throws Unsupported {
        if (u8() != 8 || comps != null) {
            throw UNSUPPORTED;
        }
        height = u16();
        width = u16();
        int n = u8();
        if (height == 0 || width == 0 || (n != 1 && n != 3) || (long) width * height > maxPixels) {
            throw UNSUPPORTED;
        }
        comps = new Component[n];
        for (int i = 0; i < n; i++) {
            Component c = new Component();
            c.id = u8();
            int hv = u8();
            c.h = hv >> 4;
            c.v = hv & 15;
            c.quant = u8();
            if (c.h < 1 || c.h > 2 || c.v < 1 || c.v > 2 || c.quant > 3) {
                throw UNSUPPORTED;
            }
            comps[i] = c;
        }
        if (n == 1) {
            comps[0].h = 1; // one component is coded block by block, whatever its factors
            comps[0].v = 1;
        } else {
            Component y = comps[0];
            for (int i = 1; i < 3; i++) {
                if (comps[i].h != 1 || comps[i].v != 1) {
                    throw UNSUPPORTED;
                }
            }
            if (y.v == 2 && y.h == 1) {
                throw UNSUPPORTED; // 4:4:0, rare
            }
        }
    }

    private void scan(int[][] quant, Huffman[] dc, Huffman[] ac, int restartInterval)
            throws Unsupported {
        int ns = u8();
        if (ns != comps.length) {
            throw UNSUPPORTED; // a colour image in several scans
        }
        for (Component c : comps) {
            int id = u8();
            int tables = u8();
            c.dc = dc[tables >> 4];
            c.ac = ac[tables & 15];
            c.q = quant[c.quant];
            if (c.id != id || c.dc == null || c.ac == null || c.q == null) {
                throw UNSUPPORTED;
            }
        }
        if (u8() != 0 || u8() != 63 || u8() != 0) {
            throw UNSUPPORTED;
        }
        int hMax = comps[0].h;
        int vMax = comps[0].v;
        int mcusX = (width + 8 * hMax - 1) / (8 * hMax);
        int mcusY = (height + 8 * vMax - 1) / (8 * vMax);
        for (Component c : comps) {
            c.stride = mcusX * c.h * 8;
            c.plane = new byte[c.stride * mcusY * c.v * 8];
            c.width = (width * c.h + hMax - 1) / hMax;
            c.height = (height * c.v + vMax - 1) / vMax;
        }
        int mcu = 0;
        for (int my = 0; my < mcusY; my++) {
            for (int mx = 0; mx < mcusX; mx++) {
                if (restartInterval > 0 && mcu > 0 && mcu % restartInterval == 0) {
                    restart();
                }
                for (Component c : comps) {
                    for (int by = 0; by < c.v; by++) {
                        for (int bx = 0; bx < c.h; bx++) {
                            block(c);
                            idct(
                                    c.plane,
                                    ((my * c.v + by) * 8) * c.stride + (mx * c.h + bx) * 8,
                                    c.stride);
                        }
                    }
                }
                mcu++;
            }
        }
    }

    private void restart() throws Unsupported {
        bits = 0;
        bitCount = 0;
        markerHit = false;
        if (pos + 1 >= data.length
                || (data[pos] & 0xFF) != 0xFF
                || (data[pos + 1] & 0xF8) != 0xD0) {
            throw UNSUPPORTED; // lost sync: ImageIO knows how to resynchronize
        }
        pos += 2;
        for (Component c : comps) {
            c.pred = 0;
        }
    }

    private void fill() {
        while (bitCount <= 56 && !markerHit && pos < data.length) {
            int b = data[pos] & 0xFF;
            if (b == 0xFF) {
                int next = pos + 1 < data.length ? data[pos + 1] & 0xFF : -1;
                if (next != 0) {
                    markerHit = true; // the scan's data ends here
                    break;
                }
                pos += 2;
            } else {
                pos++;
            }
            bits = (bits << 8) | b;
            bitCount += 8;
        }
    }

    /** The next {@code n} bits, zeros past the end of the data. */
    private int peek(int n) {
        if (bitCount < n) {
            fill();
            if (bitCount < n) {
                return (int) (bits << (n - bitCount)) & ((1 << n) - 1);
            }
        }
        return (int) (bits >>> (bitCount - n)) & ((1 << n) - 1);
    }

    private void skip(int n) throws Unsupported {
        bitCount -= n;
        if (bitCount < 0) {
            throw UNSUPPORTED; // the data ended inside a code
        }
    }

    private int huffman(Huffman t) throws Unsupported {
        if (bitCount < 16) {
            fill();
        }
        int e = t.fast[peek(Huffman.LOOKAHEAD)];
        if (e != 0) {
            skip(e >> 8);
            return e & 0xFF;
        }
        for (int len = Huffman.LOOKAHEAD + 1; len <= 16; len++) {
            int code = peek(len);
            if (code <= t.maxCode[len]) {
                skip(len);
                return t.symbols[code + t.valOffset[len]] & 0xFF;
            }
        }
        throw UNSUPPORTED; // not a code of this table
    }

    /** Reads an {@code s}-bit magnitude category and returns the signed value. */
    private int receive(int s) throws Unsupported {
        if (s == 0) {
            return 0;
        }
        if (s > 16) {
            throw UNSUPPORTED;
        }
        int v = peek(s);
        skip(s);
        return v < 1 << (s - 1) ? v - (1 << s) + 1 : v;
    }

    /** Decodes one block's coefficients into {@link #coef}, dequantized, in natural order. */
    private void block(Component c) throws Unsupported {
        Arrays.fill(coef, 0);
        int[] q = c.q;
        c.pred += receive(huffman(c.dc));
        coef[0] = c.pred * q[0];
        Huffman ac = c.ac;
        for (int k = 1; k < 64; ) {
            if (bitCount < 16) {
                fill();
            }
            int fast = bitCount >= Huffman.LOOKAHEAD ? ac.fastAc[peek(Huffman.LOOKAHEAD)] : 0;
            if (fast != 0) {
                bitCount -= fast & 255;
                k += (fast >> 8) & 15;
                if (k > 63) {
                    throw UNSUPPORTED;
                }
                int z = ZIGZAG[k];
                coef[z] = (fast >> 12) * q[z];
                k++;
                continue;
            }
            int rs = huffman(ac);
            int r = rs >> 4;
            int s = rs & 15;
            if (s == 0) {
                if (r != 15) {
                    break; // end of block
                }
                k += 16;
                continue;
            }
            k += r;
            if (k > 63) {
                throw UNSUPPORTED;
            }
            int z = ZIGZAG[k];
            coef[z] = receive(s) * q[z];
            k++;
        }
    }

    private static int descale(int x, int n) {
        return (x + (1 << (n - 1))) >> n;
    }

    /** libjpeg's post-IDCT range limit: centre on 128 and clamp (wrapping as its table does). */
    private static byte sample(int x) {
        return RANGE[x & 1023];
    }

    /**
     * The integer inverse DCT of {@link #coef} into 8x8 samples of {@code out}: columns into {@link
     * #ws} with {@code PASS1_BITS} of extra precision, then rows (libjpeg's "islow").
     */
    private void idct(byte[] out, int offset, int stride) {
        int[] in = coef;
        int[] w = ws;
        int[] t = terms;
        int n1 = CONST_BITS - PASS1_BITS;
        for (int col = 0; col < 8; col++) {
            if ((in[8 + col]
                            | in[16 + col]
                            | in[24 + col]
                            | in[32 + col]
                            | in[40 + col]
                            | in[48 + col]
                            | in[56 + col])
                    == 0) {
                int dc = in[col] << PASS1_BITS;
                for (int row = 0; row < 64; row += 8) {
                    w[row + col] = dc;
                }
                continue;
            }
            butterfly(in, col, 8, t);
            for (int i = 0; i < 8; i++) {
                w[i * 8 + col] = descale(t[i], n1);
            }
        }
        int n2 = CONST_BITS + PASS1_BITS + 3;
        for (int r = 0; r < 64; r += 8) {
            int o = offset + (r >> 3) * stride;
            if ((w[r + 1] | w[r + 2] | w[r + 3] | w[r + 4] | w[r + 5] | w[r + 6] | w[r + 7]) == 0) {
                byte dc = sample(descale(w[r], PASS1_BITS + 3));
                for (int i = 0; i < 8; i++) {
                    out[o + i] = dc;
                }
                continue;
            }
            butterfly(w, r, 1, t);
            for (int i = 0; i < 8; i++) {
                out[o + i] = sample(descale(t[i], n2));
            }
        }
    }

    private final int[] terms = new int[8];

    /**
     * One 1-D pass of the inverse DCT over the 8 values {@code v[at + k * step]}: the 8 outputs,
     * scaled by \(2^{13}\), into {@code out}.
     */
    private static void butterfly(int[] v, int at, int step, int[] out) {
        int i0 = v[at];
        int i1 = v[at + step];
        int i2 = v[at + 2 * step];
        int i3 = v[at + 3 * step];
        int i4 = v[at + 4 * step];
        int i5 = v[at + 5 * step];
        int i6 = v[at + 6 * step];
        int i7 = v[at + 7 * step];
        // Even part, from inputs 0, 2, 4, 6.
        int z1 = (i2 + i6) * FIX_0_541196100;
        int tmp2 = z1 - i6 * FIX_1_847759065;
        int tmp3 = z1 + i2 * FIX_0_765366865;
        int tmp0 = (i0 + i4) << CONST_BITS;
        int tmp1 = (i0 - i4) << CONST_BITS;
        int tmp10 = tmp0 + tmp3;
        int tmp13 = tmp0 - tmp3;
        int tmp11 = tmp1 + tmp2;
        int tmp12 = tmp1 - tmp2;
        // Odd part, from inputs 7, 5, 3, 1.
        int z5 = (i7 + i3 + i5 + i1) * FIX_1_175875602;
        int za = (i7 + i1) * -FIX_0_899976223;
        int zb = (i5 + i3) * -FIX_2_562915447;
        int zc = (i7 + i3) * -FIX_1_961570560 + z5;
        int zd = (i5 + i1) * -FIX_0_390180644 + z5;
        int o0 = i7 * FIX_0_298631336 + za + zc;
        int o1 = i5 * FIX_2_053119869 + zb + zd;
        int o2 = i3 * FIX_3_072711026 + zb + zc;
        int o3 = i1 * FIX_1_501321110 + za + zd;
        out[0] = tmp10 + o3;
        out[7] = tmp10 - o3;
        out[1] = tmp11 + o2;
        out[6] = tmp11 - o2;
        out[2] = tmp12 + o1;
        out[5] = tmp12 - o1;
        out[3] = tmp13 + o0;
        out[4] = tmp13 - o0;
    }

    private RgbImage toRgb() {
        byte[] out = new byte[width * height * 3];
        Component y = comps[0];
        if (comps.length == 1) {
            for (int r = 0; r < height; r++) {
                for (int x = 0, o = r * width * 3, i = r * y.stride; x < width; x++, i++) {
                    byte g = y.plane[i];
                    out[o++] = g;
                    out[o++] = g;
                    out[o++] = g;
                }
            }
            return new RgbImage(height, width, out);
        }
        int[] cb = new int[y.stride];
        int[] cr = new int[y.stride];
        int[] sums = new int[comps[1].stride];
        for (int r = 0; r < height; r++) {
            upsampleRow(comps[1], y.h, y.v, r, cb, sums);
            upsampleRow(comps[2], y.h, y.v, r, cr, sums);
            byte[] luma = y.plane;
            for (int x = 0, o = r * width * 3, i = r * y.stride; x < width; x++, i++) {
                int l = luma[i] & 0xFF;
                int b = cb[x];
                int c = cr[x];
                out[o++] = clamp(l + CR_R[c]);
                out[o++] = clamp(l + ((CB_G[b] + CR_G[c]) >> 16));
                out[o++] = clamp(l + CB_B[b]);
            }
        }
        return new RgbImage(height, width, out);
    }

    private static byte clamp(int v) {
        return CLAMP[v + 512];
    }

    /**
     * Chroma of image row {@code r} at full resolution, as libjpeg upsamples it: triangular
     * ("fancy") when the component is more than 2 samples wide, replication otherwise.
     */
    private static void upsampleRow(Component c, int h, int v, int r, int[] row, int[] sums) {
        byte[] p = c.plane;
        int w = c.width;
        if (h == 1 && v == 1) {
            for (int x = 0, i = r * c.stride; x < w; x++) {
                row[x] = p[i + x] & 0xFF;
            }
            return;
        }
        int in = v == 2 ? r >> 1 : r;
        int base = in * c.stride;
        if (w <= 2) {
            for (int x = 0; x < 2 * w; x++) {
                row[x] = p[base + (x >> 1)] & 0xFF;
            }
            return;
        }
        if (v == 1) {
            row[0] = p[base] & 0xFF;
            row[1] = ((p[base] & 0xFF) * 3 + (p[base + 1] & 0xFF) + 2) >> 2;
            for (int j = 1; j < w - 1; j++) {
                int s = (p[base + j] & 0xFF) * 3;
                row[2 * j] = (s + (p[base + j - 1] & 0xFF) + 1) >> 2;
                row[2 * j + 1] = (s + (p[base + j + 1] & 0xFF) + 2) >> 2;
            }
            int s = (p[base + w - 1] & 0xFF) * 3;
            row[2 * w - 2] = (s + (p[base + w - 2] & 0xFF) + 1) >> 2;
            row[2 * w - 1] = p[base + w - 1] & 0xFF;
            return;
        }
        // 2x2: weight 3 on the nearer chroma row, 1 on the farther one (edges replicated).
        int near = (r & 1) == 0 ? in - 1 : in + 1;
        int other = Math.max(0, Math.min(c.height - 1, near)) * c.stride;
        for (int j = 0; j < w; j++) {
            sums[j] = (p[base + j] & 0xFF) * 3 + (p[other + j] & 0xFF);
        }
        row[0] = (sums[0] * 4 + 8) >> 4;
        row[1] = (sums[0] * 3 + sums[1] + 7) >> 4;
        for (int j = 1; j < w - 1; j++) {
            row[2 * j] = (sums[j] * 3 + sums[j - 1] + 8) >> 4;
            row[2 * j + 1] = (sums[j] * 3 + sums[j + 1] + 7) >> 4;
        }
        row[2 * w - 2] = (sums[w - 1] * 3 + sums[w - 2] + 8) >> 4;
        row[2 * w - 1] = (sums[w - 1] * 4 + 7) >> 4;
    }
}
