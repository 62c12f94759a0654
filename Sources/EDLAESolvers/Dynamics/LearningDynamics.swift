import EDLAECore
import Foundation

/// The analytic learning dynamics of a two-layer linear autoencoder `W = W2 W1` trained by
/// full-batch gradient descent (Pretorius, Kroon and Kamper, ICML 2018), per eigen-direction of the
/// input covariance `Sigma_xx = sum_i x_i x_i^T = V Lambda V^T`.
///
/// Units follow the paper: time `t` in epochs (one full-batch step each), `tau = N / alpha` for `N`
/// samples and learning rate `alpha`, eigenvalues `lambda_j` of the *summed* covariance, the noise
/// `epsilon = N s^2` for input noise of variance `s^2` per entry, and the weight-decay strength as it
/// enters the scalar loss, `penalty = N gamma` for the `gamma / 2 (||W1||^2 + ||W2||^2)` of the
/// paper's Eq. 6. The scalar dynamics of direction `j` are (Eqs. 2-3, with the decay terms of
/// Supplement C)
///
///     tau dw1/dt = w2 lambda (1 - w2 w1) - epsilon w2^2 w1 - penalty w1
///     tau dw2/dt = w1 lambda (1 - w2 w1) - epsilon w2 w1^2 - penalty w2
///
/// and the mapping is `w = w2 w1`, which the simulator measures as `(V^T W V)_jj`.
///
/// Eq. 7 as printed has `E = exp(2 xi t / tau)`; integrating its own derivation (Supplement C)
/// gives `E = exp(2 lambda xi t / tau)`. The two agree only for `lambda = 1` (the paper's
/// simulations); ``weightDecayMapping(time:eigenvalue:penalty:tau:initial:)`` uses the corrected
/// exponent and ``weightDecayMappingAsPrinted(time:eigenvalue:penalty:tau:initial:)`` keeps the
/// printed one for comparison (<doc:LearningDynamicsDerivation> gives the numbers).
public enum LearningDynamics {
    /// The mapping `w(t) = w2(t) w1(t)` of a linear DAE along an eigen-direction (Eq. 5 of
    /// Pretorius et al. 2018), from the initial weights `(w1, w2)`:
    ///
    ///     w(t) = c0/2 sinh(theta_t),  c0 = |w2^2 - w1^2|,  theta_0 = asinh(2 w0 / c0),
    ///     theta_t = 2 atanh[((1-E)(zeta^2 - beta^2 - 2 beta delta) - 2(1+E) zeta delta)
    ///                       / ((1-E)(2 beta + 4 delta) - 2(1+E) zeta)],
    ///     beta = c0 (1 + epsilon/lambda), zeta = sqrt(beta^2 + 4), delta = tanh(theta_0 / 2),
    ///     E = exp(zeta lambda t / tau).
    ///
    /// `c0` is conserved by the dynamics (noise included). For `c0 = 0`, and for `w0 > 0` with `c0`
    /// below `1e-6 (w1^2 + w2^2)` (where the printed form loses digits), the limit `c0 -> 0` is
    /// used: the logistic curve ``balancedDenoisingMapping(time:eigenvalue:noise:tau:initial:)``,
    /// which covers both balanced lines, `w1 = w2` (mapping grows to `w*`) and `w1 = -w2` (negative
    /// mapping, decays to 0). Near `w1 = -w2` with `c0 > 0` the mapping decays towards 0, crosses
    /// it once `|w|` is of the order of `c0`, and grows to `w*`; Eq. 5 is used there.
    /// `delta` is evaluated as `2 w0 / (c0 + sqrt(c0^2 + 4 w0^2))`, which equals `tanh(theta_0 / 2)`.
    ///
    /// Domain: `t >= 0`, `lambda > 0`, `epsilon >= 0`, `tau > 0`, finite weights (any signs);
    /// outside it the result is NaN.
    /// - Complexity: O(1).
    public static func denoisingMapping(time t: Double, eigenvalue lambda: Double, noise epsilon: Double,
                                        tau: Double, initialFirst w1: Double, initialSecond w2: Double) -> Double {
        guard inDomain(time: t, eigenvalue: lambda, tau: tau), epsilon >= 0, epsilon.isFinite,
              w1.isFinite, w2.isFinite else { return .nan }
        let w0 = w1 * w2
        let c0 = abs(w2 * w2 - w1 * w1)
        if w1 == 0 && w2 == 0 { return 0 }
        // The logistic limit is exact for c0 = 0. Near the line w1 = w2 it differs from the flow
        // only at second order (w1^2 + w2^2 = sqrt(c0^2 + 4 w^2) = 2|w| (1 + O(c0^2 / w^2)), and w
        // grows), while Eq. 5 loses digits as (w1^2 + w2^2) / c0 grows: below 1e-6 the limit is the
        // more accurate. Near w1 = -w2 the limit is never used for c0 > 0: there |w| decays to the
        // order of c0, where the mapping crosses 0 and grows to w* (Eq. 5 follows that; the limit
        // would stay at 0).
        if c0 == 0 || (w0 > 0 && c0 <= 1e-6 * (w1 * w1 + w2 * w2)) {
            return balancedDenoisingMapping(time: t, eigenvalue: lambda, noise: epsilon, tau: tau, initial: w0)
        }
        let beta = c0 * (1 + epsilon / lambda)
        let zeta = (beta * beta + 4).squareRoot()
        let delta = 2 * w0 / (c0 + (c0 * c0 + 4 * w0 * w0).squareRoot())
        let e = exp(zeta * lambda * t / tau)
        if e.isInfinite { return denoisingFixedPoint(eigenvalue: lambda, noise: epsilon) }
        let numerator = (1 - e) * (zeta * zeta - beta * beta - 2 * beta * delta) - 2 * (1 + e) * zeta * delta
        let denominator = (1 - e) * (2 * beta + 4 * delta) - 2 * (1 + e) * zeta
        let u = numerator / denominator  // tanh(theta_t / 2)
        // c0/2 sinh(2 atanh u) = c0 u / (1 - u^2).
        return c0 * u / (1 - u * u)
    }

    /// The `c0 = 0` limit of Eq. 5 (balanced weights `|w1| = |w2|`, the small-initialisation case).
    /// With `w1^2 + w2^2 = 2 |w|` the flow is `tau dw/dt = 2 |w| (lambda - (lambda + epsilon) w)`,
    /// a logistic equation whose rate has the sign of `w0`:
    ///
    ///     w(t) = w* E / (E - 1 + w*/w0),  w* = lambda / (lambda + epsilon),  E = exp(2 sign(w0) lambda t / tau).
    ///
    /// For `w0 > 0` (`w1 = w2`) the mapping grows to `w*`; its rate `2 lambda / tau` does not depend
    /// on the noise (noise changes where the mapping settles, not when it learns). For `w0 < 0`
    /// (`w1 = -w2`) `E` decays and the mapping tends to 0 from below, never crossing it.
    ///
    /// Domain: `t >= 0`, `lambda > 0`, `epsilon >= 0`, `tau > 0`, finite `w0`; else NaN.
    /// - Complexity: O(1).
    public static func balancedDenoisingMapping(time t: Double, eigenvalue lambda: Double, noise epsilon: Double,
                                                tau: Double, initial w0: Double) -> Double {
        guard inDomain(time: t, eigenvalue: lambda, tau: tau), epsilon >= 0, epsilon.isFinite, w0.isFinite else { return .nan }
        if w0 == 0 { return 0 }
        let target = denoisingFixedPoint(eigenvalue: lambda, noise: epsilon)
        return logistic(time: t, rate: (w0 > 0 ? 2 : -2) * lambda / tau, target: target, initial: w0)
    }

    /// `w* E / (E - 1 + w*/w0)` with `E = exp(rate t)`: the solution of `dw/dt = rate w (1 - w/w*)`
    /// from `w0`, for the starts where it exists for all `t >= 0` (`w0` between 0 and `w*`, or of
    /// the sign opposite to the growth). `E = inf` gives the limit `w*`.
    private static func logistic(time t: Double, rate: Double, target: Double, initial w0: Double) -> Double {
        let e = exp(rate * t)
        if e.isInfinite { return target }
        return target * e / (e - 1 + target / w0)
    }

    /// `t >= 0`, `lambda > 0`, `tau > 0`, all finite.
    private static func inDomain(time t: Double, eigenvalue lambda: Double, tau: Double) -> Bool {
        t >= 0 && t.isFinite && lambda > 0 && lambda.isFinite && tau > 0 && tau.isFinite
    }

    /// The mapping of a weight-decayed linear autoencoder (WDAE) from balanced initial weights,
    /// `w0 = w1 w2` (Eq. 7 of Pretorius et al. 2018 with the exponent corrected). For `w1 = w2`
    /// (`w0 > 0`):
    ///
    ///     w(t) = xi E / (E - 1 + xi / w0),  xi = 1 - penalty / lambda,  E = exp(2 lambda xi t / tau)
    ///
    /// (`penalty = N gamma`); for `xi = 0` the limit `w0 / (1 + 2 lambda w0 t / tau)`, and for
    /// `xi < 0` the same formula decays to 0. For `w1 = -w2` (`w0 < 0`) the flow
    /// `tau dw/dt = -2 (lambda + penalty) w + 2 lambda w^2` gives the logistic curve with
    /// `E = exp(-2 (lambda + penalty) t / tau)` and `w* = (lambda + penalty) / lambda`, which tends
    /// to 0 from below.
    ///
    /// Domain: `t >= 0`, `lambda > 0`, `penalty >= 0`, `tau > 0`, finite `w0`; else NaN.
    /// - Complexity: O(1).
    public static func weightDecayMapping(time t: Double, eigenvalue lambda: Double, penalty: Double,
                                          tau: Double, initial w0: Double) -> Double {
        guard inDomain(time: t, eigenvalue: lambda, tau: tau), penalty >= 0, penalty.isFinite, w0.isFinite else { return .nan }
        if w0 == 0 { return 0 }
        if w0 < 0 {
            return logistic(time: t, rate: -2 * (lambda + penalty) / tau, target: (lambda + penalty) / lambda, initial: w0)
        }
        let xi = 1 - penalty / lambda
        if xi == 0 { return w0 / (1 + 2 * lambda * w0 * t / tau) }
        return logistic(time: t, rate: 2 * lambda * xi / tau, target: xi, initial: w0)
    }

    /// Eq. 7 exactly as printed, `E = exp(2 xi t / tau)`: correct only for `lambda = 1`.
    /// - Complexity: O(1).
    public static func weightDecayMappingAsPrinted(time t: Double, eigenvalue lambda: Double, penalty: Double,
                                                   tau: Double, initial w0: Double) -> Double {
        weightDecayMapping(time: t / lambda, eigenvalue: lambda, penalty: penalty, tau: tau, initial: w0)
    }

    /// The DAE fixed point `w* = lambda / (lambda + epsilon)` (Section 4 of Pretorius et al. 2018).
    /// - Complexity: O(1).
    public static func denoisingFixedPoint(eigenvalue lambda: Double, noise epsilon: Double) -> Double {
        lambda / (lambda + epsilon)
    }

    /// The WDAE fixed point from balanced weights, `max(0, 1 - penalty / lambda)` (Supplement E,
    /// with `penalty = N gamma`).
    /// - Complexity: O(1).
    public static func weightDecayFixedPoint(eigenvalue lambda: Double, penalty: Double) -> Double {
        Swift.max(0, 1 - penalty / lambda)
    }

    /// The weight decay with the same fixed point as noise `epsilon` along an eigenvalue `lambda`:
    /// `penalty = lambda epsilon / (lambda + epsilon)` (Supplement E; the paper's `gamma` there is
    /// the scalar-loss penalty, i.e. `N gamma` of its Eq. 6).
    /// - Complexity: O(1).
    public static func equivalentWeightDecay(eigenvalue lambda: Double, noise epsilon: Double) -> Double {
        lambda * epsilon / (lambda + epsilon)
    }

    /// The ratio of the optimal learning rates of a DAE and a WDAE (Eq. 8 of Pretorius et al. 2018),
    ///
    ///     R = alpha_epsilon / alpha_gamma = (2 lambda + penalty) / (2 lambda + 3 epsilon),
    ///
    /// the inverses of the largest Hessian eigenvalues of the scalar losses at `w1 = w2 = 1`
    /// (Supplement D).
    /// - Complexity: O(1).
    public static func optimalLearningRateRatio(eigenvalue lambda: Double, noise epsilon: Double,
                                                penalty: Double) -> Double {
        (2 * lambda + penalty) / (2 * lambda + 3 * epsilon)
    }

    /// The time at which a balanced run from `w0` reaches `fraction` of its fixed point: the
    /// logistic curves above solved for `t`,
    ///
    ///     t = tau / (2 lambda xi) ln((w*/w0 - 1) f / (1 - f)),
    ///
    /// `xi = 1 - penalty/lambda` and `w* = lambda xi / (lambda + epsilon)` (both regularisers
    /// together give `tau dw/dt = 2 w (lambda xi - (lambda + epsilon) w)`). Noise leaves the rate
    /// `2 lambda / tau` unchanged; weight decay slows it by `xi`, the delay of Section 5. `nil` when
    /// the fixed point is not above `w0 / fraction`.
    /// - Complexity: O(1).
    public static func timeToReach(fraction: Double, eigenvalue lambda: Double, noise epsilon: Double = 0,
                                   penalty: Double = 0, tau: Double, initial w0: Double) -> Double? {
        let xi = 1 - penalty / lambda
        let target = denoisingFixedPoint(eigenvalue: lambda, noise: epsilon) * xi
        guard fraction > 0, fraction < 1, w0 > 0, xi > 0, target * fraction > w0 else { return nil }
        let rate = 2 * lambda * xi / tau
        return log((target / w0 - 1) * fraction / (1 - fraction)) / rate
    }
}
