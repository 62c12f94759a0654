import EDLAECore
import EDLAESolvers
import Foundation
import Testing

/// Every analytic trajectory of ``LearningDynamics`` against a numerical integration of the
/// gradient flow it claims to solve, over the whole domain: every sign of `w1`, `w2`, balanced
/// and nearly balanced starts, noise and weight decay, fixed points below and above the start.
@Suite struct LearningDynamicsDomainTests {
    /// `tau dw1/dt = w2 lambda (1 - w) - eps w2^2 w1 - pen w1`, `tau dw2/dt = w1 lambda (1 - w) - eps w2 w1^2 - pen w2`.
    static func flow(_ w1: Double, _ w2: Double, lambda: Double, eps: Double, penalty: Double, tau: Double) -> (Double, Double) {
        let w = w1 * w2
        return ((w2 * lambda * (1 - w) - eps * w2 * w2 * w1 - penalty * w1) / tau,
                (w1 * lambda * (1 - w) - eps * w2 * w1 * w1 - penalty * w2) / tau)
    }

    /// Classical Runge-Kutta with `steps` steps per unit time; the mapping `w1 w2` at each of `times`.
    static func integrate(_ start: (Double, Double), lambda: Double, eps: Double, penalty: Double, tau: Double,
                          times: [Double], stepsPerUnit: Int) -> [Double] {
        var (a, b) = start, now = 0.0, result = [Double]()
        for t in times {
            // Steps of at most 1/stepsPerUnit that end exactly at t.
            let count = Int(((t - now) * Double(stepsPerUnit)).rounded(.up))
            let h = count > 0 ? (t - now) / Double(count) : 0
            for _ in 0..<count {
                let k1 = flow(a, b, lambda: lambda, eps: eps, penalty: penalty, tau: tau)
                let k2 = flow(a + h / 2 * k1.0, b + h / 2 * k1.1, lambda: lambda, eps: eps, penalty: penalty, tau: tau)
                let k3 = flow(a + h / 2 * k2.0, b + h / 2 * k2.1, lambda: lambda, eps: eps, penalty: penalty, tau: tau)
                let k4 = flow(a + h * k3.0, b + h * k3.1, lambda: lambda, eps: eps, penalty: penalty, tau: tau)
                a += h / 6 * (k1.0 + 2 * k2.0 + 2 * k3.0 + k4.0)
                b += h / 6 * (k1.1 + 2 * k2.1 + 2 * k3.1 + k4.1)
            }
            now = t
            result.append(a * b)
        }
        return result
    }

    /// Compares `analytic(t)` with the integration at step h and h/2. The tolerance is the
    /// step-doubling estimate of the integration error, `|y_h - y_h/2|` (RK4: the error of
    /// `y_h/2` is about 1/15 of it), plus the error of the closed form, relative to the scale:
    /// on Eq. 5, `256 u kappa` with `kappa = (w1^2 + w2^2) / c0` (the amplification of the
    /// rounding of `tanh(theta/2)`, a few ulps over about 20 operations, by `1 / (1 - u^2)`) and
    /// `u` the unit roundoff; on the logistic limit used near `w1 = w2`, `4 (c0 / (w1^2 + w2^2))^2`
    /// (the flows differ by the factor `sqrt(1 + c0^2 / (4 w^2))`).
    static func check(_ start: (Double, Double), lambda: Double, eps: Double, penalty: Double, tau: Double,
                      analytic: (Double) -> Double, label: String) -> Double {
        let times = stride(from: 0.0, through: 8 * tau / lambda, by: tau / lambda / 4).map { $0 }
        let coarse = integrate(start, lambda: lambda, eps: eps, penalty: penalty, tau: tau, times: times, stepsPerUnit: Int(200 / tau) + 1)
        let fine = integrate(start, lambda: lambda, eps: eps, penalty: penalty, tau: tau, times: times, stepsPerUnit: 2 * (Int(200 / tau) + 1))
        let c0 = abs(start.1 * start.1 - start.0 * start.0), size = start.0 * start.0 + start.1 * start.1
        guard size > 0 else { return 0 }  // w1 = w2 = 0 stays 0 (checked by the caller)
        let logisticLimit = penalty > 0 || c0 == 0 || (start.0 * start.1 > 0 && c0 <= 1e-6 * size)
        let formulaError = logisticLimit ? 4 * (c0 / size) * (c0 / size) + 64 * Double.ulpOfOne
                                         : 256 * Double.ulpOfOne * size / c0
        var worst = 0.0
        for (index, t) in times.enumerated() {
            let value = analytic(t)
            let scale = max(1, abs(fine[index]), abs(start.0 * start.1))
            let tolerance = abs(coarse[index] - fine[index]) + formulaError * scale
            let error = abs(value - fine[index])
            worst = max(worst, error / scale)
            #expect(error <= tolerance, "\(label) t=\(t): analytic \(value), integrated \(fine[index]) (tolerance \(tolerance))")
        }
        return worst
    }

    @Test(arguments: [(2.0, 0.0), (2.0, 1.0), (0.5, 1.0), (1.0, 3.0)])
    func denoisingMappingFollowsTheFlowForEverySign(_ setting: (lambda: Double, eps: Double)) {
        let base = [0.1, 0.6, 1.4]
        var starts = [(Double, Double)]()
        for a in base { for b in base { for s1 in [1.0, -1.0] { for s2 in [1.0, -1.0] { starts.append((s1 * a, s2 * b)) } } } }
        // Balanced and nearly balanced on both lines (the case that used to leave the domain).
        for s in [1.0, -1.0] {
            starts += [(0.1, s * 0.1), (0.1, s * 0.1 * (1 + 1e-10)), (0.1, s * 0.1 * (1 + 1e-8)), (s * 0.3, 0.3 * (1 - 1e-12))]
        }
        starts += [(0, 0.5), (0.5, 0)]
        #expect(LearningDynamics.denoisingMapping(time: 3, eigenvalue: setting.lambda, noise: setting.eps, tau: 10,
                                                  initialFirst: 0, initialSecond: 0) == 0)
        for start in starts {
            _ = Self.check(start, lambda: setting.lambda, eps: setting.eps, penalty: 0, tau: 10, analytic: { t in
                LearningDynamics.denoisingMapping(time: t, eigenvalue: setting.lambda, noise: setting.eps, tau: 10,
                                                  initialFirst: start.0, initialSecond: start.1)
            }, label: "DAE lambda=\(setting.lambda) eps=\(setting.eps) start=\(start)")
        }
    }

    /// w1 = 0.1, w2 = -0.1 (1 + 1e-10) decays towards 0 from below, as the flow does (it returned
    /// -2.79 at t = 2); exactly opposite weights decay to 0 for ever.
    @Test func nearlyBalancedOppositeSignsDecayTowardsZero() {
        // Eq. 5 carries the relative error 256 u kappa, kappa = (w1^2 + w2^2) / c0 = 1e10 here.
        let bound = 0.01 * (1 + 1e-10) * (1 + 256 * Double.ulpOfOne * 1e10)
        for t in [0.0, 2, 5, 10] {
            let w = LearningDynamics.denoisingMapping(time: t, eigenvalue: 1, noise: 0.5, tau: 1,
                                                      initialFirst: 0.1, initialSecond: -0.1 * (1 + 1e-10))
            #expect(w <= 0 && w >= -bound, "t=\(t): \(w)")
        }
        let late = LearningDynamics.denoisingMapping(time: 100, eigenvalue: 1, noise: 0.5, tau: 1, initialFirst: 0.1, initialSecond: -0.1)
        #expect(late <= 0 && late > -1e-80)
    }

    @Test(arguments: [(2.0, 0.5), (1.0, 0.5), (0.5, 0.5), (1.0, 0.0), (1.0, 1.0), (0.5, 2.0)])
    func weightDecayMappingFollowsTheFlowOnBothBalancedLines(_ setting: (lambda: Double, penalty: Double)) {
        for start in [(0.05, 0.05), (0.8, 0.8), (1.3, 1.3), (0.2, -0.2), (-1.2, 1.2)] {
            _ = Self.check(start, lambda: setting.lambda, eps: 0, penalty: setting.penalty, tau: 10, analytic: { t in
                LearningDynamics.weightDecayMapping(time: t, eigenvalue: setting.lambda, penalty: setting.penalty,
                                                    tau: 10, initial: start.0 * start.1)
            }, label: "WDAE lambda=\(setting.lambda) penalty=\(setting.penalty) start=\(start)")
        }
    }

    @Test func outsideTheDomainIsNaN() {
        #expect(LearningDynamics.denoisingMapping(time: -1, eigenvalue: 1, noise: 0, tau: 1, initialFirst: 0.1, initialSecond: 0.2).isNaN)
        #expect(LearningDynamics.denoisingMapping(time: 1, eigenvalue: 0, noise: 0, tau: 1, initialFirst: 0.1, initialSecond: 0.2).isNaN)
        #expect(LearningDynamics.denoisingMapping(time: 1, eigenvalue: 1, noise: -1, tau: 1, initialFirst: 0.1, initialSecond: 0.2).isNaN)
        #expect(LearningDynamics.balancedDenoisingMapping(time: 1, eigenvalue: 1, noise: 0, tau: 0, initial: 0.1).isNaN)
        #expect(LearningDynamics.weightDecayMapping(time: 1, eigenvalue: 1, penalty: -0.5, tau: 1, initial: 0.1).isNaN)
        #expect(LearningDynamics.weightDecayMapping(time: .infinity, eigenvalue: 1, penalty: 0.5, tau: 1, initial: 0.1).isNaN)
    }
}
