package dev.sphereclr.eval.report;

import java.awt.Color;
import java.awt.Paint;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.text.DecimalFormat;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.axis.TickUnits;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The report's charts, drawn by JFreeChart as PNG bytes (headless). */
public final class Charts {

    static {
        System.setProperty("java.awt.headless", "true");
    }

    /** Up to this many classes, the confusion matrix names them along its sides. */
    private static final int NAMED_CLASSES = 50;

    private Charts() {}

    /**
     * Per-class top-1 accuracy as horizontal bars, one row per class with its whole name, so that
     * 100 or 200 classes stay readable (the chart grows downwards).
     */
    public static byte[] perClass(List<String> classes, double[] accuracy) throws IOException {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (int c = 0; c < classes.size(); c++) {
            data.addValue(100 * accuracy[c], "top-1 %", classes.get(c));
        }
        JFreeChart chart =
                ChartFactory.createBarChart(
                        "Per-class accuracy",
                        "class",
                        "top-1 (%)",
                        data,
                        PlotOrientation.HORIZONTAL,
                        false,
                        false,
                        false);
        chart.getCategoryPlot().getRangeAxis().setRange(0, 100);
        CategoryAxis names = chart.getCategoryPlot().getDomainAxis();
        names.setMaximumCategoryLabelWidthRatio(0.35f); // whole names, not "air..."
        names.setLowerMargin(0.01);
        names.setUpperMargin(0.01);
        names.setTickLabelFont(
                names.getTickLabelFont().deriveFont(classes.size() > 40 ? 10f : 12f));
        int row = classes.size() > 40 ? 13 : 24;
        return png(chart, 760, Math.max(300, row * classes.size() + 120));
    }

    /**
     * Grouped bars: {@code values[s][c]} (a fraction) of series {@code series.get(s)} for category
     * {@code categories.get(c)}, drawn in percent with its value on top.
     */
    public static byte[] bars(
            String title, List<String> categories, List<String> series, double[][] values)
            throws IOException {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (int s = 0; s < series.size(); s++) {
            for (int c = 0; c < categories.size(); c++) {
                data.addValue(100 * values[s][c], series.get(s), categories.get(c));
            }
        }
        JFreeChart chart =
                ChartFactory.createBarChart(
                        title,
                        "",
                        "top-1 (%)",
                        data,
                        PlotOrientation.VERTICAL,
                        series.size() > 1,
                        false,
                        false);
        chart.getCategoryPlot().getRangeAxis().setRange(0, 100);
        BarRenderer renderer = (BarRenderer) chart.getCategoryPlot().getRenderer();
        renderer.setDefaultItemLabelGenerator(
                new StandardCategoryItemLabelGenerator("{2}", new DecimalFormat("0.0")));
        renderer.setDefaultItemLabelsVisible(true);
        return png(chart, Math.max(560, 160 * categories.size()), 400);
    }

    /** The confusion matrix as a heatmap (row-normalized: the fraction of each true class). */
    public static byte[] confusion(List<String> classes, int[][] counts) throws IOException {
        int k = classes.size();
        double[] x = new double[k * k];
        double[] y = new double[k * k];
        double[] z = new double[k * k];
        for (int t = 0; t < k; t++) {
            int total = 0;
            for (int p = 0; p < k; p++) {
                total += counts[t][p];
            }
            for (int p = 0; p < k; p++) {
                int i = t * k + p;
                x[i] = p;
                y[i] = k <= NAMED_CLASSES ? k - 1 - t : t;
                z[i] = total == 0 ? 0 : (double) counts[t][p] / total;
            }
        }
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries("confusion", new double[][] {x, y, z});
        String[] names = classes.toArray(new String[0]);
        String[] reversed = new String[k];
        for (int i = 0; i < k; i++) {
            reversed[i] = names[k - 1 - i];
        }
        // Past 50 classes names cannot be read along a side: the axes count classes instead, in
        // the order of the per-class chart.
        boolean named = k <= NAMED_CLASSES;
        ValueAxis predicted =
                named ? new SymbolAxis("predicted", names) : classIndex("predicted class", k);
        ValueAxis truth =
                named ? new SymbolAxis("true class", reversed) : classIndex("true class", k);
        truth.setInverted(!named); // class 0 at the top, as in the per-class chart
        predicted.setVerticalTickLabels(named);
        XYBlockRenderer renderer = new XYBlockRenderer();
        PaintScale scale = new BlueScale();
        renderer.setPaintScale(scale);
        XYPlot plot = new XYPlot(data, predicted, truth, renderer);
        JFreeChart chart = new JFreeChart("Confusion matrix (fraction of each true class)", plot);
        chart.removeLegend();
        NumberAxis legendAxis = new NumberAxis("fraction");
        legendAxis.setRange(0, 1);
        PaintScaleLegend legend = new PaintScaleLegend(scale, legendAxis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setMargin(new RectangleInsets(20, 10, 60, 10)); // its last label stays in the image
        chart.addSubtitle(legend);
        int cell = Math.max(4, Math.min(36, 900 / k));
        int side = Math.max(480, cell * k + (named ? 200 : 120));
        return png(chart, side + 100, side);
    }

    private static NumberAxis classIndex(String label, int k) {
        NumberAxis axis = new NumberAxis(label);
        axis.setRange(-0.5, k - 0.5);
        axis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        return axis;
    }

    /** White to dark blue over [0, 1]. */
    private static final class BlueScale implements PaintScale {
        @Override
        public double getLowerBound() {
            return 0;
        }

        @Override
        public double getUpperBound() {
            return 1;
        }

        @Override
        public Paint getPaint(double value) {
            double v = Math.max(0, Math.min(1, value));
            return new Color((int) (255 - 225 * v), (int) (255 - 180 * v), (int) (255 - 80 * v));
        }
    }

    /** Curves of one quantity over steps, one series per run. */
    public static byte[] curves(
            String title, String yLabel, List<String> names, List<double[][]> series, boolean logY)
            throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        for (int s = 0; s < names.size(); s++) {
            XYSeries xy = new XYSeries(names.get(s));
            for (double[] point : series.get(s)) {
                if (!logY || point[1] > 0) {
                    xy.add(point[0], point[1]);
                }
            }
            data.addSeries(xy);
        }
        JFreeChart chart =
                ChartFactory.createXYLineChart(
                        title,
                        "step",
                        yLabel,
                        data,
                        PlotOrientation.VERTICAL,
                        names.size() > 1,
                        false,
                        false);
        if (logY) {
            LogAxis axis = new LogAxis(yLabel + " (log scale)");
            // Ticks at whole powers of ten (0.1, 1, 10, 100), not at 630.957.
            DecimalFormat plain = new DecimalFormat("0.####");
            TickUnits decades = new TickUnits();
            for (int n : new int[] {1, 2, 3, 5}) {
                decades.add(new NumberTickUnit(n, plain));
            }
            axis.setStandardTickUnits(decades);
            axis.setNumberFormatOverride(plain);
            chart.getXYPlot().setRangeAxis(axis);
        }
        return png(chart, 720, 360);
    }

    static byte[] png(JFreeChart chart, int width, int height) throws IOException {
        chart.setBackgroundPaint(Color.WHITE);
        chart.getPlot().setBackgroundPaint(Color.WHITE);
        if (chart.getPlot() instanceof XYPlot xy
                && xy.getRenderer() != null
                && !(xy.getRenderer() instanceof XYBlockRenderer)) {
            xy.setDomainGridlinePaint(Color.LIGHT_GRAY);
            xy.setRangeGridlinePaint(Color.LIGHT_GRAY);
        }
        if (chart.getPlot() instanceof CategoryPlot category) {
            category.setRangeGridlinePaint(Color.LIGHT_GRAY);
        }
        BufferedImage image = chart.createBufferedImage(width, height);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
