import EDLAECore
import EDLAESolvers
import Foundation

/// Reads a published strong-generalisation split in the layout written by the VAE-CF
/// preprocessing code (Liang et al. 2018), so published experiments reproduce exactly:
///
///     train.csv            uid,sid   training interactions
///     validation_tr.csv    uid,sid   fold-in items of the validation users
///     validation_te.csv    uid,sid   targets of the validation users
///     test_tr.csv          uid,sid   fold-in items of the test users
///     test_te.csv          uid,sid   targets of the test users
///     unique_sid.txt       optional; its line count is the number of items
///
/// Ids are 0-based integers. As in the VAE-CF loader, the training matrix has `max uid + 1` rows
/// and the item count is the line count of `unique_sid.txt`, or else `max sid + 1` over all five
/// files. Held-out users are the distinct `uid`s of a `_tr`/`_te` pair in ascending order; a user
/// with no target row or no fold-in row cannot be scored and is dropped (counted in
/// ``SplitStatistics/heldOutUsersWithoutTargets``). Repeated pairs count once.
public enum SplitDirectory {
    /// The five file names, in reading order.
    public static let fileNames = ["train.csv", "validation_tr.csv", "validation_te.csv", "test_tr.csv", "test_te.csv"]

    /// Reads the split in `directory`.
    /// - Throws: ``EvaluationDataError`` naming the file (and line) of any problem.
    /// - Complexity: O(total lines).
    public static func read(_ directory: String) throws(EvaluationDataError) -> EvaluationSplit {
        let base = URL(fileURLWithPath: directory)
        var pairs = [[(Int, Int)]]()
        for name in fileNames {
            pairs.append(try IDPairFile.read(base.appendingPathComponent(name).path, header: ["uid", "sid"]))
        }
        var itemCount = pairs.joined().map(\.1).max().map { $0 + 1 } ?? 0
        let uniquePath = base.appendingPathComponent("unique_sid.txt").path
        if FileManager.default.fileExists(atPath: uniquePath) {
            guard let text = try? String(contentsOfFile: uniquePath, encoding: .utf8) else {
                throw .unreadableFile(path: uniquePath, reason: "not UTF-8 text")
            }
            let listed = text.split(whereSeparator: \.isNewline).filter { !$0.allSatisfy(\.isWhitespace) }.count
            guard listed >= itemCount else {
                throw .inconsistent(path: uniquePath,
                                    reason: "lists \(listed) items but the split uses sid \(itemCount - 1)")
            }
            itemCount = listed
        }
        let trainUsers = pairs[0].map(\.0).max().map { $0 + 1 } ?? 0
        guard trainUsers > 0 else { throw .inconsistent(path: base.appendingPathComponent("train.csv").path, reason: "no training interactions") }
        let training = InteractionMatrix(users: trainUsers, items: itemCount,
                                         triplets: pairs[0].map { (user: $0.0, item: $0.1, value: 1.0) })
        var statistics = SplitStatistics()
        statistics.inputItems = itemCount
        statistics.trainingUsers = trainUsers
        statistics.binarizedInteractions = training.nonzeroCount
        let validation = try heldOut(foldIn: pairs[1], targets: pairs[2], itemCount: itemCount,
                                     trainingUsers: trainUsers, file: base.appendingPathComponent(fileNames[1]).path,
                                     statistics: &statistics)
        let test = try heldOut(foldIn: pairs[3], targets: pairs[4], itemCount: itemCount,
                               trainingUsers: trainUsers, file: base.appendingPathComponent(fileNames[3]).path,
                               statistics: &statistics)
        statistics.validationUsers = validation.count
        statistics.testUsers = test.count
        statistics.inputUsers = trainUsers + Set(pairs[1...].joined().map(\.0)).count
        return EvaluationSplit(training: training, validation: validation, test: test,
                               itemIDs: Array(0..<itemCount), trainingUserIDs: Array(0..<trainUsers),
                               statistics: statistics)
    }

    private static func heldOut(foldIn: [(Int, Int)], targets: [(Int, Int)], itemCount: Int, trainingUsers: Int,
                                file: String, statistics: inout SplitStatistics) throws(EvaluationDataError) -> HeldOutUsers {
        if let overlap = (foldIn + targets).first(where: { $0.0 < trainingUsers }) {
            throw .inconsistent(path: file, reason: "held-out uid \(overlap.0) is also a training uid (0..<\(trainingUsers))")
        }
        var foldItems = [Int: [Int]](), targetItems = [Int: [Int]]()
        for (u, i) in foldIn { foldItems[u, default: []].append(i) }
        for (u, i) in targets { targetItems[u, default: []].append(i) }
        let users = Set(foldItems.keys).union(targetItems.keys).sorted()
        var kept = [Int](), foldTriplets = [(user: Int, item: Int, value: Double)](), targetTriplets = [(user: Int, item: Int, value: Double)]()
        for user in users {
            guard let f = foldItems[user], let t = targetItems[user] else {
                statistics.heldOutUsersWithoutTargets += 1
                continue
            }
            let row = kept.count
            kept.append(user)
            foldTriplets += f.map { (user: row, item: $0, value: 1.0) }
            targetTriplets += t.map { (user: row, item: $0, value: 1.0) }
        }
        return HeldOutUsers(foldIn: InteractionMatrix(users: kept.count, items: itemCount, triplets: foldTriplets),
                            targets: InteractionMatrix(users: kept.count, items: itemCount, triplets: targetTriplets),
                            userIDs: kept)
    }
}
