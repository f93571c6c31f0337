/**
 * Small reporting utilities for examples and benchmarks: {@link dev.recsys.core.report.SvgChart}
 * writes bar charts, line charts and learning curves as standalone SVG files, with ticks on 1-2-5
 * steps (or powers of ten), plain numbers and labels that do not overlap.
 *
 * <pre>{@code
 * SvgChart.lines(Path.of("recall.svg"), "Recall@k", "k", "recall", List.of("mf", "twotower"), List.of(mf, twoTower));
 * SvgChart.learningCurve(Path.of("curve.svg"), "retrieval", "factorizedTop@100", validation, loss, bestEpoch);
 * }</pre>
 */
package dev.recsys.core.report;
