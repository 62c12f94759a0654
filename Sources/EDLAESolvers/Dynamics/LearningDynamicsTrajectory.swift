import EDLAECore
import Foundation

/// The mapping of one eigen-direction at one time: the analytic value (Eq. 5 or Eq. 7 of
/// Pretorius et al. 2018) and the simulated `(V^T W2 W1 V)_jj`.
public struct LearningDynamicsPoint: Sendable, Equatable, Hashable {
    /// The time in epochs.
    public var time: Double
    /// The 0-based index `j` of the direction (eigenvalues in the order given to the simulator).
    public var direction: Int
    /// The eigenvalue `lambda_j` of `Sigma_xx`.
    public var eigenvalue: Double
    /// The analytic mapping `w_j(t)`.
    public var analytic: Double
    /// The simulated mapping.
    public var simulated: Double

    /// A point with every value given.
    /// - Complexity: O(1).
    public init(time: Double, direction: Int, eigenvalue: Double, analytic: Double, simulated: Double) {
        self.time = time
        self.direction = direction
        self.eigenvalue = eigenvalue
        self.analytic = analytic
        self.simulated = simulated
    }
}

/// The recorded run of a ``LearningDynamicsSimulator``: points in time order, all directions at
/// each recorded epoch.
public struct LearningDynamicsTrajectory: Sendable, Equatable {
    /// The regulariser of the run.
    public var regularizer: LearningDynamicsSimulator.Regularizer
    /// `epsilon = N s^2`.
    public var noise: Double
    /// `N gamma`.
    public var penalty: Double
    /// `tau = N / alpha`.
    public var tau: Double
    /// The eigenvalues, one per direction.
    public var eigenvalues: [Double]
    /// The recorded points.
    public var points: [LearningDynamicsPoint] = []

    /// A trajectory with its run's parameters and, optionally, its points.
    /// - Complexity: O(1).
    public init(regularizer: LearningDynamicsSimulator.Regularizer, noise: Double, penalty: Double, tau: Double,
                eigenvalues: [Double], points: [LearningDynamicsPoint] = []) {
        self.regularizer = regularizer
        self.noise = noise
        self.penalty = penalty
        self.tau = tau
        self.eigenvalues = eigenvalues
        self.points = points
    }

    /// A short label: `AE`, `DAE eps=...`, or `WDAE N*gamma=...`.
    public var label: String {
        switch regularizer {
        case .none: return "AE"
        case .gaussianNoise: return "DAE gaussian eps=\(Self.format(noise))"
        case .dropoutNoise(let p): return "DAE dropout p=\(Self.format(p)) eps=\(Self.format(noise))"
        case .weightDecay: return "WDAE N*gamma=\(Self.format(penalty))"
        }
    }

    /// The fixed point of direction `j`: `lambda/(lambda+epsilon)` or `1 - N gamma/lambda`.
    public func fixedPoint(direction j: Int) -> Double {
        penalty > 0
            ? LearningDynamics.weightDecayFixedPoint(eigenvalue: eigenvalues[j], penalty: penalty)
            : LearningDynamics.denoisingFixedPoint(eigenvalue: eigenvalues[j], noise: noise)
    }

    /// The points of direction `j`, in time order.
    public func points(direction j: Int) -> [LearningDynamicsPoint] { points.filter { $0.direction == j } }

    /// The first recorded time at which the simulated mapping of direction `j` reaches
    /// `fraction` of its fixed point, linearly interpolated between records; `nil` if never, or if
    /// the run starts at or above that value (e.g. a fixed point of 0).
    public func timeToReach(fraction: Double, direction j: Int) -> Double? {
        let target = fraction * fixedPoint(direction: j)
        guard let first = points(direction: j).first, first.simulated < target else { return nil }
        var previous: LearningDynamicsPoint?
        for point in points(direction: j) {
            if point.simulated >= target {
                guard let before = previous, point.simulated > before.simulated else { return point.time }
                return before.time + (target - before.simulated) / (point.simulated - before.simulated) * (point.time - before.time)
            }
            previous = point
        }
        return nil
    }

    /// The largest `|analytic - simulated|` over all points.
    public var maximumDeviation: Double {
        points.reduce(0) { Swift.max($0, abs($1.analytic - $1.simulated)) }
    }

    /// CSV text with the header `run,time,direction,eigenvalue,analytic,simulated` and one row per
    /// point of each trajectory (`run` is the trajectory's ``label``, quoted).
    /// - Complexity: O(total points).
    public static func csv(_ trajectories: [LearningDynamicsTrajectory]) -> String {
        var lines = ["run,time,direction,eigenvalue,analytic,simulated"]
        for trajectory in trajectories {
            let run = "\"" + trajectory.label.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            for p in trajectory.points {
                lines.append("\(run),\(p.time),\(p.direction),\(p.eigenvalue),\(p.analytic),\(p.simulated)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func format(_ value: Double) -> String {
        let rounded = (value * 1000).rounded() / 1000
        return rounded == rounded.rounded() && abs(rounded) < 1e15 ? String(Int(rounded)) : String(rounded)
    }
}
