/**
 * Neural vector fields: batched layers ({@link org.odespark.nn.Linear}, {@link org.odespark.nn.ConcatLinear},
 * {@link org.odespark.nn.ConcatSquash}) with hand-written forward, Jacobian-vector and vector-Jacobian
 * products, activations with first and second derivatives ({@link org.odespark.nn.Activation}), and the
 * {@link org.odespark.nn.Mlp} that chains them, including reverse-over-forward differentiation for trace
 * estimators. All parameters of a model live in one flat θ described by a {@link
 * org.odespark.nn.ParameterLayout}.
 *
 * <p>Depends on {@code linalg} (GEMM) and {@code text}; not on {@code ode}.
 */
package org.odespark.nn;
