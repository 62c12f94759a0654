import EDLAECore
import EDLAESolvers

/// The strong-generalisation protocol of Liang et al. 2018 (VAE-CF), followed by Steck 2020 for
/// Table 1 and Fig. 1: models are trained on one set of users and scored on *other* users, whose
/// items are split into a fold-in input and held-out targets.
///
/// ``split(_:)`` performs, in this order:
/// 1. **Binarise** the input values (``Binarization``; MovieLens: keep ratings `> 3.5`).
/// 2. **Keep users with at least** ``minimumUserInteractions`` (5) interactions.
/// 3. **Shuffle** the kept users with ``seed`` (Fisher-Yates on SplitMix64, the same permutation on
///    every platform).
/// 4. **Hold out** the last ``testUsers`` of the permutation as test users, the ``validationUsers``
///    before them as validation users, and train on the rest (the order of VAE-CF). A fraction
///    `f` of `n` users means `Int((f * n).rounded())` users (half away from zero).
/// 5. **Keep only items seen in training**: the item space is the set of items with at least one
///    training interaction, re-indexed `0..<m` in ascending order of the input column
///    (``EvaluationSplit/itemIDs`` maps back).
/// 6. **Split each held-out user's remaining `n` items** into `t = Int(targetFraction * n)`
///    targets (truncation, exactly as VAE-CF's `int(test_prop * n_items_u)`; `t = 1` for
///    `5 <= n <= 9`) chosen uniformly without replacement by a generator seeded with
///    `(seed, user index)`, and `n - t` fold-in items. A held-out user with `n = 0` (no item seen in
///    training) or with `t = 0` or `n - t = 0` cannot be scored and is dropped; both counts are
///    reported in ``SplitStatistics`` (VAE-CF keeps such users in the fold-in data only, where
///    they do not enter any metric).
///
/// ``crossValidationSplits(_:folds:)`` is the K-fold variant for small data: every kept user is
/// a test user in exactly one fold.
public struct StrongGeneralizationProtocol: Sendable, Equatable {
    /// How raw values become binary interactions.
    public enum Binarization: Sendable, Equatable {
        /// Every stored entry counts as an interaction (data that are already implicit feedback).
        case keepAll
        /// Keep entries whose value exceeds `threshold` (`strict: true`, `>`), or reaches it
        /// (`strict: false`, `>=`).
        case threshold(Double, strict: Bool)

        /// MovieLens in VAE-CF: ratings `> 3.5`, i.e. four stars and up.
        public static let movieLens = Binarization.threshold(3.5, strict: true)

        /// Whether a stored value counts as an interaction.
        public func keeps(_ value: Double) -> Bool {
            switch self {
            case .keepAll: return true
            case .threshold(let t, let strict): return strict ? value > t : value >= t
            }
        }
    }

    /// How many users to hold out.
    public enum HeldOutSize: Sendable, Equatable {
        /// A number of users.
        case count(Int)
        /// A fraction in `[0, 1)` of the users kept by the minimum-interactions filter.
        case fraction(Double)

        /// The number of users out of `total`.
        func resolved(total: Int) -> Int {
            switch self {
            case .count(let c): return c
            case .fraction(let f): return Int((f * Double(total)).rounded())
            }
        }
    }

    /// Binarisation of the input values (default ``Binarization/keepAll``).
    public var binarization: Binarization
    /// Users with fewer interactions (after binarisation) are dropped (default 5, as VAE-CF).
    public var minimumUserInteractions: Int
    /// Validation users (default 10% of the kept users).
    public var validationUsers: HeldOutSize
    /// Test users (default 10% of the kept users).
    public var testUsers: HeldOutSize
    /// The fraction of a held-out user's items used as targets (default 0.2).
    public var targetFraction: Double
    /// The seed of the user permutation and of the target choice (default 98765, VAE-CF's seed).
    public var seed: UInt64

    /// The protocol with the given settings (validated by ``split(_:)``).
    public init(binarization: Binarization = .keepAll, minimumUserInteractions: Int = 5,
                validationUsers: HeldOutSize = .fraction(0.1), testUsers: HeldOutSize = .fraction(0.1),
                targetFraction: Double = 0.2, seed: UInt64 = 98765) {
        self.binarization = binarization
        self.minimumUserInteractions = minimumUserInteractions
        self.validationUsers = validationUsers
        self.testUsers = testUsers
        self.targetFraction = targetFraction
        self.seed = seed
    }

    /// Splits `data` (users x items; values are ratings or 1) as described above.
    ///
    /// - Throws: ``EvaluationProtocolError`` for invalid settings or too few users.
    /// - Complexity: O(nnz log nnz).
    public func split(_ data: InteractionMatrix) throws(EvaluationProtocolError) -> EvaluationSplit {
        var statistics = SplitStatistics()
        let (binary, users) = try prepare(data, statistics: &statistics)
        let n = users.count
        let validationCount = try validatedSize(validationUsers, name: "validation users", total: n)
        let testCount = try validatedSize(testUsers, name: "test users", total: n)
        let trainingCount = n - validationCount - testCount
        guard trainingCount >= 1 else {
            throw .notEnoughUsers(available: n, heldOut: validationCount + testCount)
        }
        return makeSplit(binary, training: Array(users[0..<trainingCount]),
                         validation: Array(users[trainingCount..<(trainingCount + validationCount)]),
                         test: Array(users[(trainingCount + validationCount)...]), statistics: statistics)
    }

    /// The K-fold variant: the kept users (binarised, filtered, shuffled as in ``split(_:)``) are cut
    /// into `folds` contiguous blocks of the permutation (sizes differ by at most one); split `f`
    /// tests on block `f` and trains on the others, with an empty validation set. Every kept user is
    /// a test candidate exactly once; pool the per-user metrics with
    /// ``EvaluationReport/pooled(_:)``. ``validationUsers`` and ``testUsers`` are ignored.
    ///
    /// - Throws: ``EvaluationProtocolError`` when `folds < 2` or there are fewer users than folds.
    /// - Complexity: O(folds * nnz log nnz).
    public func crossValidationSplits(_ data: InteractionMatrix, folds: Int) throws(EvaluationProtocolError) -> [EvaluationSplit] {
        guard folds >= 2 else { throw .invalidSetting(name: "folds", value: "\(folds)", validRange: "2 or more") }
        var statistics = SplitStatistics()
        let (binary, users) = try prepare(data, statistics: &statistics)
        guard users.count >= folds else {
            throw .invalidSetting(name: "folds", value: "\(folds)",
                                  validRange: "2...\(users.count) (the users with at least \(minimumUserInteractions) interactions; every fold needs a user)")
        }
        return (0..<folds).map { f in
            let lower = f * users.count / folds, upper = (f + 1) * users.count / folds
            return makeSplit(binary, training: Array(users[..<lower]) + Array(users[upper...]),
                             validation: [], test: Array(users[lower..<upper]), statistics: statistics)
        }
    }

    /// The splits of K-fold tuning: the test users of ``split(_:)`` (the same users, targets and
    /// item space rules) are held out once, and the remaining kept users are cut into `folds`
    /// contiguous blocks of the permutation (sizes differ by at most one). Fold `f` trains on the
    /// other blocks and has block `f` as its validation users (and no test users); the final split
    /// trains on all non-test users and tests on the test users (no validation users). Every
    /// non-test user is a validation user exactly once, so per-user validation metrics pool over
    /// the folds (see ``GridSearch/run(_:folds:final:makeSolver:progress:)``).
    /// ``validationUsers`` is ignored.
    ///
    /// - Throws: ``EvaluationProtocolError`` for invalid settings, `folds < 2`, or fewer non-test
    ///   users than folds.
    /// - Complexity: O((folds + 1) * nnz log nnz).
    public func tuningSplits(_ data: InteractionMatrix, folds: Int) throws(EvaluationProtocolError) -> (folds: [EvaluationSplit], final: EvaluationSplit) {
        guard folds >= 2 else { throw .invalidSetting(name: "folds", value: "\(folds)", validRange: "2 or more") }
        var statistics = SplitStatistics()
        let (binary, users) = try prepare(data, statistics: &statistics)
        let testCount = try validatedSize(testUsers, name: "test users", total: users.count)
        let tuning = Array(users[..<max(users.count - testCount, 0)])
        guard tuning.count >= folds else {
            throw .invalidSetting(name: "folds", value: "\(folds)",
                                  validRange: "2...\(tuning.count) (the users left after the \(testCount) test users; every fold needs a user)")
        }
        let foldSplits = (0..<folds).map { f in
            let lower = f * tuning.count / folds, upper = (f + 1) * tuning.count / folds
            return makeSplit(binary, training: Array(tuning[..<lower]) + Array(tuning[upper...]),
                             validation: Array(tuning[lower..<upper]), test: [], statistics: statistics)
        }
        let final = makeSplit(binary, training: tuning, validation: [], test: Array(users[tuning.count...]), statistics: statistics)
        return (foldSplits, final)
    }

    // MARK: - Steps

    /// Binarises, filters users and shuffles them; returns the binary matrix and the permuted users.
    private func prepare(_ data: InteractionMatrix,
                         statistics: inout SplitStatistics) throws(EvaluationProtocolError) -> (InteractionMatrix, [Int]) {
        guard minimumUserInteractions >= 1 else {
            throw .invalidSetting(name: "minimum user interactions", value: "\(minimumUserInteractions)", validRange: "1 or more")
        }
        guard targetFraction > 0, targetFraction < 1 else {
            throw .invalidSetting(name: "target fraction", value: "\(targetFraction)", validRange: "(0, 1)")
        }
        if case .threshold(let t, _) = binarization, !t.isFinite {
            throw .invalidSetting(name: "rating threshold", value: "\(t)", validRange: "a finite number")
        }
        var starts = [0], columns = [Int32](), values = [Double]()
        for user in 0..<data.userCount {
            for (item, value) in zip(data.items(ofUser: user), data.values(ofUser: user)) where binarization.keeps(value) {
                columns.append(item)
                values.append(1)
            }
            starts.append(columns.count)
        }
        let binary = InteractionMatrix(userCount: data.userCount, itemCount: data.itemCount, rowStarts: starts,
                                       columnIndices: columns, values: values)
        var users = (0..<binary.userCount).filter {
            binary.rowStarts[$0 + 1] - binary.rowStarts[$0] >= minimumUserInteractions
        }
        statistics.inputUsers = data.userCount
        statistics.inputItems = data.itemCount
        statistics.binarizedInteractions = columns.count
        statistics.usersBelowMinimum = data.userCount - users.count
        var generator = SplitMix64(seed: seed)
        generator.shuffle(&users)
        return (binary, users)
    }

    private func validatedSize(_ size: HeldOutSize, name: String, total: Int) throws(EvaluationProtocolError) -> Int {
        switch size {
        case .count(let c):
            guard c >= 0 else { throw .invalidSetting(name: name, value: "\(c)", validRange: "0 or more") }
        case .fraction(let f):
            guard f >= 0, f < 1 else { throw .invalidSetting(name: name, value: "\(f)", validRange: "[0, 1)") }
        }
        return size.resolved(total: total)
    }

    private func makeSplit(_ binary: InteractionMatrix, training: [Int], validation: [Int], test: [Int],
                           statistics base: SplitStatistics) -> EvaluationSplit {
        var statistics = base
        statistics.trainingUsers = training.count
        var seen = [Bool](repeating: false, count: binary.itemCount)
        for user in training { for item in binary.items(ofUser: user) { seen[Int(item)] = true } }
        var newIndex = [Int32](repeating: -1, count: binary.itemCount)
        var itemIDs = [Int]()
        for item in 0..<binary.itemCount where seen[item] {
            newIndex[item] = Int32(itemIDs.count)
            itemIDs.append(item)
        }
        statistics.itemsNotInTraining = binary.itemCount - itemIDs.count
        let m = itemIDs.count

        var starts = [0], columns = [Int32]()
        for user in training {
            columns.append(contentsOf: binary.items(ofUser: user).map { newIndex[Int($0)] })
            starts.append(columns.count)
        }
        let trainingMatrix = InteractionMatrix(userCount: training.count, itemCount: m, rowStarts: starts,
                                               columnIndices: columns,
                                               values: [Double](repeating: 1, count: columns.count))
        let validationUsers = heldOut(validation, binary, newIndex, itemCount: m, statistics: &statistics)
        let testUsers = heldOut(test, binary, newIndex, itemCount: m, statistics: &statistics)
        statistics.validationUsers = validationUsers.count
        statistics.testUsers = testUsers.count
        return EvaluationSplit(training: trainingMatrix, validation: validationUsers, test: testUsers,
                               itemIDs: itemIDs, trainingUserIDs: training, statistics: statistics)
    }

    /// Step 6 for a list of held-out users.
    private func heldOut(_ users: [Int], _ binary: InteractionMatrix, _ newIndex: [Int32], itemCount m: Int,
                         statistics: inout SplitStatistics) -> HeldOutUsers {
        var foldStarts = [0], foldColumns = [Int32]()
        var targetStarts = [0], targetColumns = [Int32]()
        var ids = [Int]()
        for user in users {
            // Items ascending in the input, and the re-indexing is monotone: stays ascending.
            let items = binary.items(ofUser: user).compactMap { newIndex[Int($0)] >= 0 ? newIndex[Int($0)] : nil }
            let n = items.count
            guard n > 0 else { statistics.heldOutUsersWithoutItems += 1; continue }
            let t = Int(targetFraction * Double(n))
            guard t >= 1, n - t >= 1 else { statistics.heldOutUsersWithoutTargets += 1; continue }
            var generator = SplitMix64.heldOutUser(user, seed: seed)
            let chosen = generator.sample(t, from: n)
            var isTarget = [Bool](repeating: false, count: n)
            for c in chosen { isTarget[c] = true }
            for (position, item) in items.enumerated() {
                if isTarget[position] { targetColumns.append(item) } else { foldColumns.append(item) }
            }
            foldStarts.append(foldColumns.count)
            targetStarts.append(targetColumns.count)
            ids.append(user)
        }
        let foldIn = InteractionMatrix(userCount: ids.count, itemCount: m, rowStarts: foldStarts,
                                       columnIndices: foldColumns, values: [Double](repeating: 1, count: foldColumns.count))
        let targets = InteractionMatrix(userCount: ids.count, itemCount: m, rowStarts: targetStarts,
                                        columnIndices: targetColumns, values: [Double](repeating: 1, count: targetColumns.count))
        return HeldOutUsers(foldIn: foldIn, targets: targets, userIDs: ids)
    }
}
