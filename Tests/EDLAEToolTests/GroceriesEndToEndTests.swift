import EDLAECore
import EDLAEMetrics
import EDLAESolvers
import Foundation
import Testing
import _EDLAETestSupport

/// `edlae evaluate --json` on the Groceries data, checked against an independent computation: the
/// data parsed here by hand, the same split from the library's protocol, EDLAE's closed form (Eq. 8
/// of Steck 2020) from a dense Gram matrix and a general LU solve (`dgesv`, not the solver's
/// Cholesky), and Recall / nDCG from a full sort of every user's scores (not the evaluator's heap).
@Suite struct GroceriesEndToEndTests {
    @Test func evaluateJSONMatchesAnIndependentComputation() throws {
        guard let data = SharedData.file("groceries.csv") else {
            print("skipped: shared/data/groceries.csv not found above \(#filePath)")
            return
        }
        let tool = try #require(ToolLocation.executable, "edlae must be built next to the tests (swift build --build-tests)")
        let (status, output, errors) = try ToolLocation.run(tool, ["evaluate", "--data", data, "--solver", "edlae",
                                                                   "--dropout", "0.25", "--lambda", "10", "--json"])
        #expect(status == 0, "edlae failed: \(errors)")
        let record = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])

        // The independent computation.
        let interactions = try Self.readUserItemCSV(data)
        let split = try StrongGeneralizationProtocol(binarization: .keepAll, minimumUserInteractions: 5,
                                                     validationUsers: .fraction(0.1), testUsers: .fraction(0.1),
                                                     seed: 98765).split(interactions)
        let weights = try Self.edlaeWeights(training: split.training, dropout: 0.25, lambda: 10)
        let expected = Self.fullSortMetrics(weights, test: split.test, cutoffs: [("recall@20", 20, false),
                                                                               ("recall@50", 50, false),
                                                                               ("ndcg@100", 100, true)])

        #expect(record["schema"] as? String == "edlae-evaluation/1")
        #expect(record["solver"] as? String == "edlae")
        let hyperparameters = try #require(record["hyperparameters"] as? [String: Double])
        #expect(hyperparameters == ["dropout": 0.25, "lambda": 10, "precision": 64])
        #expect(record["itemCount"] as? Int == split.itemCount)
        #expect(record["trainingUsers"] as? Int == split.training.userCount)
        #expect(record["evaluatedUsers"] as? Int == split.test.count)
        let splitCounts = try #require(record["split"] as? [String: Int])
        // Groceries: 9835 users, 6106 with fewer than 5 items; 3729 kept = 2983 + 373 + 373.
        #expect(splitCounts["inputUsers"] == 9835)
        #expect(splitCounts["usersBelowMinimum"] == 6106)
        #expect(splitCounts["testUsers"] == 373 && split.test.count == 373)

        let metrics = try #require(record["metrics"] as? [String: [String: Any]])
        for (name, value) in expected {
            let reported = try #require(metrics[name], "missing \(name)")
            let mean = try #require(reported["mean"] as? Double)
            let standardError = try #require(reported["standardError"] as? Double)
            // Both sides rank the same scores up to rounding (LU vs Cholesky, dense vs sparse Gram:
            // relative differences ~1e-13); a user's metric could change only if two scores closer
            // than that swapped ranks at a cutoff, which would move a mean by >= 1/373/100 ~ 3e-5.
            // 1e-9 therefore tests exact agreement of every user's value.
            #expect(abs(mean - value.mean) <= 1e-9, "\(name): tool \(mean), independent \(value.mean)")
            #expect(abs(standardError - value.standardError) <= 1e-9, "\(name) s.e.: tool \(standardError), independent \(value.standardError)")
            #expect(reported["count"] as? Int == 373)
        }
        // The published-style numbers documented in Docs/CommandLine.md.
        #expect(abs(try #require(expected["ndcg@100"]).mean - 0.3392056150709235) < 1e-9)
    }

    /// Reads a `user,item` file with a header and 0-based integer ids (no library reader).
    static func readUserItemCSV(_ path: String) throws -> InteractionMatrix {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var triplets = [(user: Int, item: Int, value: Double)]()
        var users = 0, items = 0
        for line in text.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: ",")
            guard fields.count == 2, let user = Int(fields[0]), let item = Int(fields[1].trimmingCharacters(in: .whitespacesAndNewlines)) else {
                throw CocoaError(.fileReadCorruptFile)
            }
            triplets.append((user, item, 1))
            users = max(users, user + 1)
            items = max(items, item + 1)
        }
        return InteractionMatrix(users: users, items: items, triplets: triplets)
    }

    /// Eq. 8: `B = I - P dMat(1 / diag(P))`, `P = (X^T X + Lambda)^-1`,
    /// `Lambda = p/(1-p) dMat(diag(X^T X)) + lambda I`, with `P` from an LU solve against `I`.
    static func edlaeWeights(training: InteractionMatrix, dropout p: Double, lambda: Double) throws -> Matrix<Double> {
        let x = try training.denseRows(0..<training.userCount)
        var regularized = x.transposeTimes(x)
        let m = regularized.rows
        for i in 0..<m { regularized[i, i] += p / (1 - p) * regularized[i, i] + lambda }
        let inverse = try regularized.solving(Matrix<Double>.identity(m))
        return Matrix(rows: m, columns: m) { i, j in i == j ? 0 : -inverse[i, j] / inverse[j, j] }
    }

    /// Mean and population standard error of Recall@k (`hits / min(k, n)`) or nDCG@k over the
    /// test users, from a full sort of each user's scores over the items not in the fold-in.
    static func fullSortMetrics(_ weights: Matrix<Double>, test: HeldOutUsers,
                                cutoffs: [(name: String, k: Int, ndcg: Bool)]) -> [String: (mean: Double, standardError: Double)] {
        let m = weights.rows
        var perUser = [String: [Double]]()
        for user in 0..<test.count {
            let foldIn = Set(test.foldIn.items(ofUser: user).map(Int.init))
            let targets = Set(test.targets.items(ofUser: user).map(Int.init))
            var scores = [Double](repeating: 0, count: m)
            for i in foldIn { for j in 0..<m { scores[j] += weights[i, j] } }
            let ranking = (0..<m).filter { !foldIn.contains($0) }
                .sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }
            for cutoff in cutoffs {
                let top = ranking.prefix(cutoff.k)
                let value: Double
                if cutoff.ndcg {
                    var dcg = 0.0, ideal = 0.0
                    for (position, item) in top.enumerated() where targets.contains(item) { dcg += 1 / log2(Double(position) + 2) }
                    for position in 0..<min(cutoff.k, targets.count) { ideal += 1 / log2(Double(position) + 2) }
                    value = dcg / ideal
                } else {
                    value = Double(top.filter(targets.contains).count) / Double(min(cutoff.k, targets.count))
                }
                perUser[cutoff.name, default: []].append(value)
            }
        }
        return perUser.mapValues { values in
            let n = Double(values.count)
            let mean = values.reduce(0, +) / n
            let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n
            return (mean, (variance / n).squareRoot())
        }
    }
}
