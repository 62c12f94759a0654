import EDLAECore
import EDLAEMetrics
import EDLAESolvers
import Foundation
import _EDLAETestSupport

/// Baskets of `minimum...maximum` items per user (``TestInteractions/baskets(users:items:minimum:maximum:seed:)``).
func randomInteractions(users: Int, items: Int, minimum: Int = 1, maximum: Int = 12, seed: UInt64 = 7) -> InteractionMatrix {
    TestInteractions.baskets(users: users, items: items, minimum: minimum, maximum: maximum, seed: seed)
}

/// A fresh empty temporary directory.
func temporaryDirectory(_ name: String = #function) -> URL {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("edlae-tests-\(name.filter { $0.isLetter || $0.isNumber })-\(UUID().uuidString)")
    try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Naive reference metrics: full sort of all eligible items (score descending, index ascending),
/// written independently of the library's selection and metric code.
func naiveMetrics(scores: [Double], foldIn: Set<Int>, targets: Set<Int>, k: Int) -> (recall: Double, ndcg: Double) {
    let ranking = scores.indices.filter { !foldIn.contains($0) }
        .sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }
    let top = Array(ranking.prefix(k))
    let hits = top.filter { targets.contains($0) }.count
    let recall = Double(hits) / Double(min(k, targets.count))
    var dcg = 0.0, idcg = 0.0
    for (i, item) in top.enumerated() where targets.contains(item) { dcg += 1 / log2(Double(i) + 2) }
    for i in 0..<min(k, targets.count) { idcg += 1 / log2(Double(i) + 2) }
    return (recall, dcg / idcg)
}

/// Whether python3 with NumPy can be run.
let pythonWithNumPy: Bool = {
    (try? runPython("import numpy")) != nil
}()

/// Runs `python3 -c script` and returns its standard output; throws when it fails.
@discardableResult
func runPython(_ script: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script]
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    _ = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    struct PythonFailed: Error {}
    guard process.terminationStatus == 0 else { throw PythonFailed() }
    return String(decoding: data, as: UTF8.self)
}
