import EDLAECore
import EDLAESolvers
import Foundation
import Testing

/// The analytic formulas of Pretorius, Kroon and Kamper (2018), each checked against an
/// independent numerical computation.
@Suite("Learning dynamics: analytic formulas")
struct LearningDynamicsFormulaTests {
    /// Eq. 5 against Runge-Kutta integration of Eqs. 2-3 (RK4 with 20,000 steps has a global
    /// error far below 1e-9 here, so 1e-8 tests the formula, not the integrator).
    @Test(arguments: [
        (1.0, 0.0, 0.1, 0.3, 5.0), (1.0, 1.0, 0.3, 0.05, 5.0), (2.5, 0.5, -0.2, 0.4, 3.0),
        (0.5, 5.0, 0.6, 0.1, 4.0), (1.0, 1.0, 0.01, 0.02, 10.0), (0.1, 0.05, 0.02, 0.011, 60.0),
    ])
    func denoisingMappingSolvesTheScalarDynamics(_ c: (Double, Double, Double, Double, Double)) {
        let (lambda, eps, w1, w2, t) = c
        let analytic = LearningDynamics.denoisingMapping(time: t, eigenvalue: lambda, noise: eps, tau: 1,
                                                         initialFirst: w1, initialSecond: w2)
        let integrated = sampledIntegratedMapping(time: t, eigenvalue: lambda, noise: eps, penalty: 0, tau: 1, w1: w1, w2: w2)
        #expect(abs(analytic - integrated) < 1e-8, "Eq. 5 \(analytic) vs integrated \(integrated)")
    }

    @Test func balancedLimitMatchesIntegration() {
        for (lambda, eps) in [(1.0, 0.0), (2.0, 1.0), (0.5, 0.25)] {
            let analytic = LearningDynamics.denoisingMapping(time: 6, eigenvalue: lambda, noise: eps, tau: 1,
                                                             initialFirst: 0.05, initialSecond: 0.05)
            let integrated = sampledIntegratedMapping(time: 6, eigenvalue: lambda, noise: eps, penalty: 0, tau: 1, w1: 0.05, w2: 0.05)
            #expect(abs(analytic - integrated) < 1e-8)
        }
    }

    /// Eq. 7 with `E = exp(2 lambda xi t / tau)` solves the balanced WDAE dynamics; the printed
    /// `E = exp(2 xi t / tau)` does only for `lambda = 1`.
    @Test func weightDecayMappingCorrectedAndAsPrinted() {
        let w = 0.03, t = 2.0
        for (lambda, penalty) in [(2.5, 0.5), (0.5, 0.1), (1.0, 0.3)] {
            let integrated = sampledIntegratedMapping(time: t, eigenvalue: lambda, noise: 0, penalty: penalty, tau: 1, w1: w, w2: w)
            let corrected = LearningDynamics.weightDecayMapping(time: t, eigenvalue: lambda, penalty: penalty, tau: 1, initial: w * w)
            let printed = LearningDynamics.weightDecayMappingAsPrinted(time: t, eigenvalue: lambda, penalty: penalty, tau: 1, initial: w * w)
            #expect(abs(corrected - integrated) < 1e-8 * max(1, integrated))
            if lambda == 1 {
                #expect(abs(printed - integrated) < 1e-8)
            } else {
                #expect(abs(printed - integrated) > 0.1 * integrated, "printed Eq. 7 \(printed) vs \(integrated)")
            }
        }
    }

    @Test func fixedPointsAndEquivalentWeightDecay() {
        for (lambda, eps) in [(1.0, 1.0), (1.0, 5.0), (2.5, 0.3), (0.1, 0.5)] {
            let star = LearningDynamics.denoisingFixedPoint(eigenvalue: lambda, noise: eps)
            #expect(abs(star - lambda / (lambda + eps)) < 1e-15)
            let late = LearningDynamics.denoisingMapping(time: 400 / lambda, eigenvalue: lambda, noise: eps, tau: 1,
                                                         initialFirst: 0.01, initialSecond: 0.02)
            #expect(abs(late - star) < 1e-9)
            let penalty = LearningDynamics.equivalentWeightDecay(eigenvalue: lambda, noise: eps)
            #expect(abs(LearningDynamics.weightDecayFixedPoint(eigenvalue: lambda, penalty: penalty) - star) < 1e-12)
            let lateDecay = LearningDynamics.weightDecayMapping(time: 400 / lambda, eigenvalue: lambda, penalty: penalty, tau: 1, initial: 1e-4)
            #expect(abs(lateDecay - star) < 1e-9)
            // The fixed point minimises the scalar loss lambda/2 (1-w)^2 + eps/2 w^2.
            let loss = { (w: Double) in lambda / 2 * (1 - w) * (1 - w) + eps / 2 * w * w }
            #expect(loss(star) <= loss(star + 1e-4) && loss(star) <= loss(star - 1e-4))
        }
    }

    /// Eq. 8 against the largest eigenvalues of finite-difference Hessians of the scalar losses at
    /// `w1 = w2 = 1` (Supplement D's evaluation point).
    @Test func optimalLearningRateRatioMatchesHessians() {
        func largestHessianEigenvalue(_ loss: (Double, Double) -> Double) -> Double {
            let h = 1e-4
            let a = (loss(1 + h, 1) - 2 * loss(1, 1) + loss(1 - h, 1)) / (h * h)
            let c = (loss(1, 1 + h) - 2 * loss(1, 1) + loss(1, 1 - h)) / (h * h)
            let b = (loss(1 + h, 1 + h) - loss(1 + h, 1 - h) - loss(1 - h, 1 + h) + loss(1 - h, 1 - h)) / (4 * h * h)
            return (a + c) / 2 + (((a - c) / 2) * ((a - c) / 2) + b * b).squareRoot()
        }
        var previous = Double.infinity
        for eps in [0.0, 0.1, 0.5, 1.0, 3.0] {
            let lambda = 1.3
            let penalty = LearningDynamics.equivalentWeightDecay(eigenvalue: lambda, noise: eps)
            let dae = largestHessianEigenvalue { w1, w2 in lambda / 2 * pow(1 - w1 * w2, 2) + eps / 2 * pow(w1 * w2, 2) }
            let wdae = largestHessianEigenvalue { w1, w2 in lambda / 2 * pow(1 - w1 * w2, 2) + penalty / 2 * (w1 * w1 + w2 * w2) }
            let ratio = LearningDynamics.optimalLearningRateRatio(eigenvalue: lambda, noise: eps, penalty: penalty)
            #expect(abs(ratio - wdae / dae) < 1e-6, "R \(ratio) vs Hessians \(wdae / dae)")
            // R decreases monotonically with the noise (Section 5).
            #expect(ratio < previous || eps == 0)
            previous = ratio
        }
    }

    @Test func analyticTimesToThreshold() throws {
        // Noise does not slow the balanced dynamics; weight decay slows them by xi.
        let lambda = 1.0, eps = 1.0, tau = 100.0, w0 = 1e-4
        let penalty = LearningDynamics.equivalentWeightDecay(eigenvalue: lambda, noise: eps)
        let ae = try #require(LearningDynamics.timeToReach(fraction: 0.9, eigenvalue: lambda, tau: tau, initial: w0))
        let dae = try #require(LearningDynamics.timeToReach(fraction: 0.9, eigenvalue: lambda, noise: eps, tau: tau, initial: w0))
        let wdae = try #require(LearningDynamics.timeToReach(fraction: 0.9, eigenvalue: lambda, penalty: penalty, tau: tau, initial: w0))
        #expect(dae <= ae)
        #expect(abs(wdae / dae - 1 / (1 - penalty / lambda)) < 1e-12)
        let reached = LearningDynamics.balancedDenoisingMapping(time: dae, eigenvalue: lambda, noise: eps, tau: tau, initial: w0)
        #expect(abs(reached - 0.9 * 0.5) < 1e-12)
    }
}
