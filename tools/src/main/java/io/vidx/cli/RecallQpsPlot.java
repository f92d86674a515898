package io.vidx.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws recall (x) against QPS (y, log) for bench points, one series per mode and thread count, and
 * peers' points (FAISS, Lucene: {@link PeerPoint}) as one line per method.
 */
final class RecallQpsPlot {
    private RecallQpsPlot() {}

    static void write(List<BenchPoint> points, List<PeerPoint> peers, String title, Path out) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(900).height(600).title(title).xAxisTitle("recall@k").yAxisTitle("queries per second").build();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setMarkerSize(7);
        Map<String, List<BenchPoint>> series = new LinkedHashMap<>();
        for (BenchPoint p : points) series.computeIfAbsent(p.mode() + (p.hasGap() ? " + probe gap" : "") + ", " + p.threads() + " thread" + (p.threads() == 1 ? "" : "s"), x -> new ArrayList<>()).add(p);
        for (Map.Entry<String, List<BenchPoint>> e : series.entrySet()) {
            List<BenchPoint> ps = new ArrayList<>(e.getValue());
            ps.sort((a, b) -> Double.compare(a.recall(), b.recall()));
            double[] x = ps.stream().mapToDouble(BenchPoint::recall).toArray();
            double[] y = ps.stream().mapToDouble(BenchPoint::qps).toArray();
            XYSeries s = chart.addSeries(e.getKey(), x, y);
            s.setMarker(SeriesMarkers.CIRCLE);
            if (ps.size() > 1) s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        }
        Map<String, List<PeerPoint>> peerSeries = new LinkedHashMap<>();
        for (PeerPoint p : peers) peerSeries.computeIfAbsent(p.series(), x -> new ArrayList<>()).add(p);
        for (Map.Entry<String, List<PeerPoint>> e : peerSeries.entrySet()) {
            List<PeerPoint> ps = new ArrayList<>(e.getValue());
            ps.sort((a, b) -> Double.compare(a.recall(), b.recall()));
            XYSeries s = chart.addSeries(e.getKey() + " (peer)", ps.stream().mapToDouble(PeerPoint::recall).toArray(), ps.stream().mapToDouble(PeerPoint::qps).toArray());
            s.setMarker(SeriesMarkers.DIAMOND);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        }
        String name = out.getFileName().toString().toLowerCase();
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) java.nio.file.Files.createDirectories(parent);
        if (name.endsWith(".svg")) VectorGraphicsEncoder.saveVectorGraphic(chart, out.toString(), VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        else BitmapEncoder.saveBitmap(chart, out.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
