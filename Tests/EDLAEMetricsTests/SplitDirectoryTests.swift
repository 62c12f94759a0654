import EDLAECore
import EDLAEMetrics
import EDLAESolvers
import Foundation
import Testing

@Suite struct SplitDirectoryTests {
    /// A small valid split: training uids 0-2, validation uids 3-4, test uids 5-6, items 0-4.
    func writeSplit(_ files: [String: String] = [:]) -> URL {
        let directory = temporaryDirectory()
        var contents = [
            "train.csv": "uid,sid\n0,0\n0,1\n1,1\n1,2\n2,3\n2,4\n2,0\n",
            "validation_tr.csv": "uid,sid\n3,0\n3,1\n4,2\n",
            "validation_te.csv": "uid,sid\n3,2\n4,3\n4,4\n",
            "test_tr.csv": "uid,sid\r\n5,1\r\n5,2\r\n6,0\r\n",
            "test_te.csv": "uid,sid\n5,4\n",
        ]
        for (name, text) in files { contents[name] = text }
        for (name, text) in contents where !text.isEmpty {
            try! text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return directory
    }

    @Test func readsAWellFormedSplit() throws {
        let split = try SplitDirectory.read(writeSplit().path)
        #expect(split.itemCount == 5)
        #expect(split.training.userCount == 3 && split.training.nonzeroCount == 7)
        #expect(split.validation.userIDs == [3, 4])
        #expect(split.validation.foldIn.items(ofUser: 1).map(Int.init) == [2])
        #expect(split.validation.targets.items(ofUser: 1).map(Int.init) == [3, 4])
        // Test user 6 has fold-in items but no target: dropped and counted (CRLF lines accepted).
        #expect(split.test.userIDs == [5])
        #expect(split.statistics.heldOutUsersWithoutTargets == 1)
    }

    @Test func uniqueSidFileSetsTheItemCount() throws {
        let directory = writeSplit(["unique_sid.txt": "10\n11\n12\n13\n14\n15\n"])
        #expect(try SplitDirectory.read(directory.path).itemCount == 6)
        let tooShort = writeSplit(["unique_sid.txt": "10\n11\n"])
        #expect(throws: EvaluationDataError.self) { try SplitDirectory.read(tooShort.path) }
    }

    @Test func malformedFilesNameTheFileAndLine() {
        let cases: [(String, String, Int?)] = [
            ("train.csv", "user,item\n0,0\n", 1),                   // wrong header
            ("train.csv", "uid,sid\n0,0\n1,x\n", 3),                // non-numeric id
            ("validation_te.csv", "uid,sid\n3,2\n4,-3\n", 3),       // negative id
            ("test_tr.csv", "uid,sid\n5,1,7\n", 2),                 // three fields
            ("test_te.csv", "uid,sid\n5,\n", 2),                    // empty field
            ("train.csv", "uid,sid\n0,99999999999999999999\n", 2),  // overflow
        ]
        for (file, text, line) in cases {
            let directory = writeSplit([file: text])
            do {
                _ = try SplitDirectory.read(directory.path)
                Issue.record("\(file) '\(text)' was accepted")
            } catch {
                switch error {
                case .badHeader(let path, _, _):
                    #expect(path.hasSuffix(file) && line == 1)
                case .malformedLine(let path, let l, _, _):
                    #expect(path.hasSuffix(file))
                    #expect(l == line)
                default:
                    Issue.record("unexpected error \(error)")
                }
            }
        }
    }

    @Test func missingFilesAndOverlappingUsersAreErrors() throws {
        let directory = writeSplit()
        try FileManager.default.removeItem(at: directory.appendingPathComponent("test_te.csv"))
        #expect(throws: EvaluationDataError.missingFile(path: directory.appendingPathComponent("test_te.csv").path)) {
            try SplitDirectory.read(directory.path)
        }
        // A held-out uid inside the training range 0..<3.
        let overlapping = writeSplit(["validation_tr.csv": "uid,sid\n1,0\n"])
        do {
            _ = try SplitDirectory.read(overlapping.path)
            Issue.record("an overlapping uid was accepted")
        } catch {
            guard case .inconsistent = error else { Issue.record("unexpected \(error)"); return }
        }
    }

    @Test func evaluatesLikeTheGeneratedSplitItCameFrom() throws {
        // Write a generated split in the VAE-CF layout and read it back: same metrics.
        let x = randomInteractions(users: 200, items: 30, minimum: 5, maximum: 12, seed: 2)
        let split = try StrongGeneralizationProtocol(seed: 8).split(x)
        let directory = temporaryDirectory()
        func write(_ name: String, _ rows: [(Int, Int)]) {
            let text = "uid,sid\n" + rows.map { "\($0.0),\($0.1)\n" }.joined()
            try! text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let nTrain = split.training.userCount
        func pairs(_ m: InteractionMatrix, offset: Int) -> [(Int, Int)] {
            (0..<m.userCount).flatMap { u in m.items(ofUser: u).map { (u + offset, Int($0)) } }
        }
        write("train.csv", pairs(split.training, offset: 0))
        write("validation_tr.csv", pairs(split.validation.foldIn, offset: nTrain))
        write("validation_te.csv", pairs(split.validation.targets, offset: nTrain))
        let testOffset = nTrain + split.validation.count
        write("test_tr.csv", pairs(split.test.foldIn, offset: testOffset))
        write("test_te.csv", pairs(split.test.targets, offset: testOffset))
        let read = try SplitDirectory.read(directory.path)
        #expect(read.training == split.training)
        #expect(read.test.foldIn == split.test.foldIn && read.test.targets == split.test.targets)
        let model = try DLAE(regularization: Regularization(dropout: 0.3, l2: 1)).fit(read.training)
        let a = try RankingEvaluator().evaluate(model, on: split.test), b = try RankingEvaluator().evaluate(model, on: read.test)
        #expect(a.values == b.values)
    }
}
