/**
 * Small reporting utilities for examples and benchmarks: {@link dev.recsys.core.report.SvgChart}
 * writes bar and line charts as standalone SVG files.
 *
 * <pre>{@code
 * SvgChart.lines(Path.of("recall.svg"), "Recall@k", "k", "recall", List.of("mf", "twotower"), List.of(mf, twoTower));
 * }</pre>
 */
package dev.recsys.core.report;
