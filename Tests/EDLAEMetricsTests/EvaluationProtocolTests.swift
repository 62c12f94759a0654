import EDLAECore
import EDLAEMetrics
import EDLAESolvers
import Testing

@Suite struct EvaluationProtocolTests {
    let data = randomInteractions(users: 400, items: 60, minimum: 2, maximum: 20)

    @Test func countsAddUp() throws {
        let split = try StrongGeneralizationProtocol(validationUsers: .count(40), testUsers: .fraction(0.1), seed: 5).split(data)
        let s = split.statistics
        let kept = data.userCounts.filter { $0 >= 5 }.count
        #expect(s.usersBelowMinimum == 400 - kept)
        #expect(s.trainingUsers == split.training.userCount)
        let testCount = Int((0.1 * Double(kept)).rounded())
        #expect(s.trainingUsers == kept - 40 - testCount)
        #expect(split.validation.count + s.heldOutUsersWithoutItems + s.heldOutUsersWithoutTargets
                + split.test.count == 40 + testCount)
        #expect(s.itemsNotInTraining + split.itemCount == 60)
    }

    @Test func noLeakageAndEveryHeldOutUserHasTargets() throws {
        let split = try StrongGeneralizationProtocol(validationUsers: .count(50), testUsers: .count(50), seed: 9).split(data)
        // Every item of the item space occurs in training.
        #expect(split.training.itemCounts.allSatisfy { $0 > 0 })
        // Held-out users are not training users, and validation and test users are disjoint.
        let heldOut = Set(split.validation.userIDs).union(split.test.userIDs)
        #expect(heldOut.count == split.validation.count + split.test.count)
        for users in [split.validation, split.test] {
            for row in 0..<users.count {
                let foldIn = Set(users.foldIn.items(ofUser: row).map(Int.init))
                let targets = Set(users.targets.items(ofUser: row).map(Int.init))
                #expect(!targets.isEmpty && !foldIn.isEmpty)
                #expect(foldIn.isDisjoint(with: targets))
                // Fold-in + targets are exactly the user's items that survive in the item space,
                // and the targets are Int(0.2 n) of them.
                let original = Set(data.items(ofUser: users.userIDs[row]).map(Int.init))
                let surviving = original.filter { split.itemIDs.contains($0) }
                #expect(Set(foldIn.union(targets).map { split.itemIDs[$0] }) == surviving)
                #expect(targets.count == Int(0.2 * Double(surviving.count)))
            }
        }
        // The training matrix holds exactly the training users' interactions, re-indexed.
        #expect(Set(split.trainingUserIDs).isDisjoint(with: heldOut))
        for (row, user) in split.trainingUserIDs.enumerated() {
            #expect(split.training.items(ofUser: row).map { split.itemIDs[Int($0)] } == data.items(ofUser: user).map(Int.init))
        }
    }

    @Test func deterministicForASeedAndDifferentAcrossSeeds() throws {
        let a = try StrongGeneralizationProtocol(seed: 1).split(data)
        let b = try StrongGeneralizationProtocol(seed: 1).split(data)
        let c = try StrongGeneralizationProtocol(seed: 2).split(data)
        #expect(a.training == b.training && a.test == b.test && a.validation == b.validation)
        #expect(a.test.userIDs != c.test.userIDs)
    }

    @Test func binarizationThresholdAndStrictness() throws {
        // User 0 has ratings 3, 3.5, 4, 4.5, 5 on items 0-4, plus users that make the items known.
        var triplets: [(user: Int, item: Int, value: Double)] = [(0, 0, 3), (0, 1, 3.5), (0, 2, 4), (0, 3, 4.5), (0, 4, 5)]
        for u in 1...20 { for i in 0..<5 { triplets.append((u, i, 5)) } }
        let x = InteractionMatrix(users: 21, items: 5, triplets: triplets)
        let strict = try StrongGeneralizationProtocol(binarization: .movieLens, minimumUserInteractions: 1,
                                                      validationUsers: .count(0), testUsers: .count(0)).split(x)
        let inclusive = try StrongGeneralizationProtocol(binarization: .threshold(3.5, strict: false), minimumUserInteractions: 1,
                                                         validationUsers: .count(0), testUsers: .count(0)).split(x)
        #expect(strict.statistics.binarizedInteractions == 100 + 3)     // 4, 4.5, 5
        #expect(inclusive.statistics.binarizedInteractions == 100 + 4)  // 3.5 too
        #expect(strict.training.values.allSatisfy { $0 == 1 })
    }

    @Test func crossValidationHoldsOutEveryUserExactlyOnce() throws {
        let evaluationProtocol = StrongGeneralizationProtocol(seed: 4)
        let splits = try evaluationProtocol.crossValidationSplits(data, folds: 4)
        #expect(splits.count == 4)
        let kept = (0..<400).filter { data.userCounts[$0] >= 5 }
        var seen = [Int]()
        for split in splits {
            let s = split.statistics
            // Test candidates of this fold: kept users minus training users.
            #expect(split.validation.count == 0)
            #expect(s.trainingUsers + split.test.count + s.heldOutUsersWithoutItems + s.heldOutUsersWithoutTargets == kept.count)
            seen += split.test.userIDs
        }
        #expect(Set(seen).count == seen.count)
        // Every kept user whose items allow a target is tested once; here all have >= 5 items, and
        // items are popular enough that dropped users are rare: check no user is tested twice and
        // the tested users are kept users.
        #expect(Set(seen).isSubset(of: Set(kept)))
        let dropped = splits.reduce(0) { $0 + $1.statistics.heldOutUsersWithoutItems + $1.statistics.heldOutUsersWithoutTargets }
        #expect(seen.count + dropped == kept.count)
        #expect(throws: EvaluationProtocolError.self) { try evaluationProtocol.crossValidationSplits(data, folds: 1) }
    }

    @Test func invalidSettingsThrow() {
        #expect(throws: EvaluationProtocolError.notEnoughUsers(available: 3, heldOut: 4)) {
            let tiny = InteractionMatrix(users: 3, items: 6, triplets: (0..<3).flatMap { u in (0..<6).map { (u, $0, 1.0) } })
            _ = try StrongGeneralizationProtocol(validationUsers: .count(2), testUsers: .count(2)).split(tiny)
        }
        #expect(throws: EvaluationProtocolError.self) {
            _ = try StrongGeneralizationProtocol(testUsers: .fraction(1.5)).split(data)
        }
        #expect(throws: EvaluationProtocolError.self) {
            _ = try StrongGeneralizationProtocol(targetFraction: 0).split(data)
        }
    }
}
