/**
 * Figures for Neural ODE and CNF experiments, written as PNG files: {@link org.odespark.plot.DensityFigure}
 * (data histogram | model density heatmap | sample histogram over one {@link org.odespark.plot.PlotRange}),
 * {@link org.odespark.plot.TrainingCurves} (loss and test loss per iteration, forward/backward NFE) and
 * {@link org.odespark.plot.PhasePortrait} (trajectories in a plane, optional time series). Colours come from
 * a perceptually uniform {@link org.odespark.plot.Colormap} (viridis).
 *
 * <p>Conventions. Data arrive as flat row-major {@code double[]} (n × 2 for points, N × n for states), never
 * as boxed lists; arrays are not modified. 2-D panels draw y up; the evaluation grid and its index order are
 * defined once, in {@link org.odespark.plot.PlotRange#gridPoints(int)}. Arguments are checked before any
 * rendering and a bad one gives an {@link java.lang.IllegalArgumentException} naming it, its value and the
 * allowed range. Every {@code write(Path, …)} creates missing parent directories and writes atomically: the
 * PNG is encoded into a temporary file in the target directory and renamed over the target, so an existing
 * figure is never left half-written and readers see the old file or the new one.
 *
 * <p>Rendering needs no display: raster panels use Java2D/ImageIO, axis charts use XChart's bitmap encoder,
 * both of which work in a headless JVM ({@code -Djava.awt.headless=true}, or automatically on a machine
 * without a display).
 *
 * <p>Dependencies: the JDK ({@code java.awt}, {@code javax.imageio}, {@code java.nio.file}) and XChart; a
 * leaf package that imports nothing from odespark.
 */
package org.odespark.plot;
