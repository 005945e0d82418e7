/**
 * Reproducible randomness: {@link org.odespark.random.SeedSequence} turns one user seed into an independent
 * stream per purpose and index tuple ({@code derive("objective", iteration, partition)}), drawn by the
 * {@link org.odespark.random.L64X128Mix} generator; {@link org.odespark.random.Normals} fills arrays with
 * standard normal draws. A leaf package: imports nothing of odespark.
 */
package org.odespark.random;
