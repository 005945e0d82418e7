/**
 * Dense linear algebra for odespark's hot loops: row-major GEMM/GEMV over netlib BLAS ({@link
 * org.odespark.linalg.Blas}). A leaf package: imports nothing from odespark.
 */
package org.odespark.linalg;
