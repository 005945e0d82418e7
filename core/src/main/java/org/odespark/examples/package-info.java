/**
 * Runnable examples (each a {@code main}) that train and measure the models of {@code core} in one JVM:
 * {@link org.odespark.examples.FashionMnistClassifier} (ODE-Net or ResNet on Fashion-MNIST) and {@link
 * org.odespark.examples.SpeedAccuracyTradeoff} (a trained ODE-Net re-evaluated at other solver tolerances).
 * They print their results; nothing in {@code core} depends on them. docs/results/issue3.md has the commands.
 */
package org.odespark.examples;
