package io.coditect.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A line chart as a small standalone SVG file: series of (x, y) points over a shared x axis (the
 * run's minutes), axes with round ticks, a legend, and optional vertical markers (drains, kills).
 * Written by hand rather than with a charting library: a few lines of SVG are all a Markdown page
 * needs, and the files diff as text.
 */
final class SvgChart {
    private static final int WIDTH = 860;
    private static final int HEIGHT = 300;
    private static final int LEFT = 70;
    private static final int RIGHT = 170;
    private static final int TOP = 34;
    private static final int BOTTOM = 40;
    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2",
        "#7f7f7f", "#17becf", "#bcbd22"};

    private final String title;
    private final String yLabel;
    private final Map<String, List<double[]>> series = new LinkedHashMap<>();
    private final List<double[]> markers = new ArrayList<>();
    private final List<String> markerLabels = new ArrayList<>();
    private boolean logY;

    SvgChart(String title, String yLabel) {
        this.title = title;
        this.yLabel = yLabel;
    }

    SvgChart logScale() {
        logY = true;
        return this;
    }

    SvgChart point(String name, double x, double y) {
        if (!Double.isNaN(y) && !Double.isInfinite(y) && !(logY && y <= 0)) {
            series.computeIfAbsent(name, key -> new ArrayList<>()).add(new double[] {x, y});
        }
        return this;
    }

    SvgChart marker(double x, String label) {
        markers.add(new double[] {x});
        markerLabels.add(label);
        return this;
    }

    void write(Path file) throws IOException {
        double minX = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double minY = logY ? Double.MAX_VALUE : 0;
        double maxY = -Double.MAX_VALUE;
        for (List<double[]> points : series.values()) {
            for (double[] p : points) {
                minX = Math.min(minX, p[0]);
                maxX = Math.max(maxX, p[0]);
                minY = Math.min(minY, y(p[1]));
                maxY = Math.max(maxY, y(p[1]));
            }
        }
        if (minX == Double.MAX_VALUE) {
            minX = 0;
            maxX = 1;
            minY = 0;
            maxY = 1;
        }
        if (maxX == minX) {
            maxX = minX + 1;
        }
        double[] yTicks = ticks(minY, maxY);
        minY = Math.min(minY, yTicks[0]);
        maxY = Math.max(maxY, yTicks[yTicks.length - 1]);
        if (maxY == minY) {
            maxY = minY + 1;
        }
        double[] xTicks = ticks(minX, maxX);
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"11\">%n", WIDTH, HEIGHT));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, HEIGHT));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"18\" font-size=\"14\" font-weight=\"bold\">%s</text>%n", LEFT, escape(title)));
        int plotWidth = WIDTH - LEFT - RIGHT;
        int plotHeight = HEIGHT - TOP - BOTTOM;
        for (double tick : yTicks) {
            if (tick < minY || tick > maxY) {
                continue;
            }
            double py = TOP + plotHeight - (tick - minY) / (maxY - minY) * plotHeight;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e0e0e0\"/>%n", LEFT, py,
                    LEFT + plotWidth, py));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT - 5, py + 4,
                    label(logY ? Math.pow(10, tick) : tick)));
        }
        for (double tick : xTicks) {
            if (tick < minX || tick > maxX) {
                continue;
            }
            double px = LEFT + (tick - minX) / (maxX - minX) * plotWidth;
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", px,
                    TOP + plotHeight + 15, label(tick)));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">minutes into the run</text>%n",
                LEFT + plotWidth / 2, HEIGHT - 6));
        svg.append(String.format(Locale.ROOT, "<text transform=\"translate(14 %d) rotate(-90)\" text-anchor=\"middle\">%s</text>%n",
                TOP + plotHeight / 2, escape(yLabel + (logY ? " (log scale)" : ""))));
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#888\"/>%n",
                LEFT, TOP, plotWidth, plotHeight));
        for (int i = 0; i < markers.size(); i++) {
            double px = LEFT + (markers.get(i)[0] - minX) / (maxX - minX) * plotWidth;
            if (px < LEFT || px > LEFT + plotWidth) {
                continue;
            }
            boolean kill = markerLabels.get(i).startsWith("kill");
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" stroke-dasharray=\"3,3\">"
                    + "<title>%s</title></line>%n", px, TOP, px, TOP + plotHeight, kill ? "#d00" : "#aaa", escape(markerLabels.get(i))));
        }
        int colour = 0;
        int legendY = TOP + 4;
        for (Map.Entry<String, List<double[]>> entry : series.entrySet()) {
            String stroke = COLOURS[colour++ % COLOURS.length];
            StringBuilder path = new StringBuilder();
            double lastX = Double.NaN;
            for (double[] p : entry.getValue()) {
                double px = LEFT + (p[0] - minX) / (maxX - minX) * plotWidth;
                double py = TOP + plotHeight - (y(p[1]) - minY) / (maxY - minY) * plotHeight;
                // A gap of more than five minutes (a replica down) breaks the line.
                path.append(Double.isNaN(lastX) || p[0] - lastX > 5 ? "M" : "L").append(String.format(Locale.ROOT, "%.1f %.1f ", px, py));
                lastX = p[0];
            }
            svg.append(String.format(Locale.ROOT, "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.3\"/>%n", path, stroke));
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"3\"/>%n",
                    LEFT + plotWidth + 10, legendY, LEFT + plotWidth + 28, legendY, stroke));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n", LEFT + plotWidth + 32, legendY + 4,
                    escape(entry.getKey())));
            legendY += 16;
        }
        if (!markers.isEmpty()) {
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"#888\">dashed: drain (grey), kill (red)</text>%n",
                    LEFT + plotWidth + 10, legendY + 8));
        }
        svg.append("</svg>\n");
        Files.writeString(file, svg);
    }

    private double y(double value) {
        return logY ? Math.log10(value) : value;
    }

    /** About five round ticks covering [min, max]. */
    static double[] ticks(double min, double max) {
        double span = max - min;
        if (span <= 0) {
            span = Math.abs(max) > 0 ? Math.abs(max) : 1;
        }
        double step = Math.pow(10, Math.floor(Math.log10(span / 5)));
        for (double factor : new double[] {1, 2, 5, 10}) {
            if (span / (step * factor) <= 6) {
                step *= factor;
                break;
            }
        }
        double first = Math.floor(min / step) * step;
        int count = (int) Math.ceil((max - first) / step) + 1;
        double[] ticks = new double[Math.max(2, count)];
        for (int i = 0; i < ticks.length; i++) {
            ticks[i] = first + i * step;
        }
        return ticks;
    }

    private static String label(double value) {
        if (Math.abs(value) >= 100 || value == Math.rint(value)) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        return String.format(Locale.ROOT, Math.abs(value) >= 1 ? "%.1f" : "%.2g", value);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
