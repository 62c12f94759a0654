import EDLAECore
import EDLAESolvers

/// Held-out users of the strong-generalisation protocol (Liang et al. 2018): users not seen in
/// training, whose items are split into a fold-in part (the model's input) and targets (what the
/// ranking is scored against).
///
/// Both matrices have the same rows (one per held-out user, in the same order) and the training
/// item space as columns; every user has at least one fold-in item and one target.
public struct HeldOutUsers: Sendable, Equatable {
    /// The fold-in interactions (input `x` of each user), users x m.
    public let foldIn: InteractionMatrix
    /// The held-out targets, users x m, disjoint from ``foldIn`` row by row.
    public let targets: InteractionMatrix
    /// For each row, the user's id in the data the split came from (a row index of the input
    /// matrix, or the `uid` of a split directory).
    public let userIDs: [Int]

    /// - Precondition: the matrices have equal shapes and `userIDs` one entry per row.
    public init(foldIn: InteractionMatrix, targets: InteractionMatrix, userIDs: [Int]) {
        precondition(foldIn.userCount == targets.userCount && foldIn.itemCount == targets.itemCount
                     && userIDs.count == foldIn.userCount,
                     "Held-out users: fold-in \(foldIn.userCount)x\(foldIn.itemCount), targets \(targets.userCount)x\(targets.itemCount), \(userIDs.count) ids")
        self.foldIn = foldIn
        self.targets = targets
        self.userIDs = userIDs
    }

    /// The number of held-out users.
    public var count: Int { foldIn.userCount }

    /// No users, over `items` items.
    public static func empty(items: Int) -> HeldOutUsers {
        let none = InteractionMatrix(users: 0, items: items, triplets: [])
        return HeldOutUsers(foldIn: none, targets: none, userIDs: [])
    }
}

/// Counts describing how a split was made (what was dropped and why), for reports.
public struct SplitStatistics: Sendable, Equatable, Codable {
    /// Users in the input.
    public var inputUsers = 0
    /// Items in the input.
    public var inputItems = 0
    /// Interactions kept by binarisation.
    public var binarizedInteractions = 0
    /// Users dropped for having fewer than the minimum number of interactions.
    public var usersBelowMinimum = 0
    /// Training users.
    public var trainingUsers = 0
    /// Held-out users dropped because none of their items occurs in training.
    public var heldOutUsersWithoutItems = 0
    /// Held-out users dropped because the 80/20 rule left them no target (or no fold-in item).
    public var heldOutUsersWithoutTargets = 0
    /// Items of the input that no training user has (removed from the item space).
    public var itemsNotInTraining = 0
    /// Validation users kept.
    public var validationUsers = 0
    /// Test users kept.
    public var testUsers = 0

    /// All counts zero.
    public init() {}
}

/// A split for the strong-generalisation protocol: training users, validation and test users, and
/// the item space (items seen in training, re-indexed `0..<m`).
public struct EvaluationSplit: Sendable {
    /// The training interactions (all items of the training users), users x m.
    public let training: InteractionMatrix
    /// Validation users (for hyperparameter search); may be empty.
    public let validation: HeldOutUsers
    /// Test users.
    public let test: HeldOutUsers
    /// `itemIDs[j]` is the id in the source data of item column `j` (its column index in the
    /// input matrix, or its `sid` in a split directory).
    public let itemIDs: [Int]
    /// For each training row, the user's id in the source data.
    public let trainingUserIDs: [Int]
    /// Counts of what was kept and dropped.
    public let statistics: SplitStatistics

    /// - Precondition: all matrices have `itemIDs.count` columns; one training id per training row.
    public init(training: InteractionMatrix, validation: HeldOutUsers, test: HeldOutUsers,
                itemIDs: [Int], trainingUserIDs: [Int], statistics: SplitStatistics) {
        precondition(trainingUserIDs.count == training.userCount,
                     "\(trainingUserIDs.count) training ids for \(training.userCount) training users")
        precondition(training.itemCount == itemIDs.count && validation.foldIn.itemCount == itemIDs.count
                     && test.foldIn.itemCount == itemIDs.count,
                     "Split item spaces disagree: training \(training.itemCount), validation \(validation.foldIn.itemCount), test \(test.foldIn.itemCount), \(itemIDs.count) ids")
        self.training = training
        self.validation = validation
        self.test = test
        self.itemIDs = itemIDs
        self.trainingUserIDs = trainingUserIDs
        self.statistics = statistics
    }

    /// The number of items `m`.
    public var itemCount: Int { itemIDs.count }
}
