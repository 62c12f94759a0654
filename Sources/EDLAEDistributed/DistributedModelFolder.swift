import EDLAECore
import EDLAEMetrics
#if Distributed
import EDLAESolvers
import Foundation

/// Writes a distributed full-rank model as the model folder of ``ModelArchive`` (`model.json` +
/// `B.npy`), so `edlae recommend --model DIR` and ``ModelArchive/load(from:)`` read it unchanged.
///
/// Rank 0 checks the destination, creates the folder under a temporary name and `B.npy` with its
/// header at full length; every process then writes its entries at their offsets with `pwrite`
/// (``BlockCyclicMatrix/fileRuns(dataStart:)``) and `fsync`s; rank 0 writes `model.json` and renames
/// the folder into place, replacing an existing model folder only once the new one is complete
/// (the rules of ``ModelArchive/save(to:replacing:)``). The folder must be on a file system every process
/// sees (a shared or parallel file system on a cluster).
public enum DistributedModelFolder {
    /// Writes `b` with its manifest to `directory`. Collective.
    /// - Throws: ``DistributedError/failed(rank:message:)`` on every process, with a
    ///   ``ModelArchiveError`` message, when any step fails anywhere; the temporary folder is removed.
    /// - Complexity: O(m^2 / P) bytes written per process.
    public static func write(_ b: BlockCyclicMatrix, solver: String, hyperparameters: [String: Double],
                             itemIDs: [String], to directory: String, grid: ProcessGrid) throws(DistributedError) {
        let m = b.layout.order
        precondition(itemIDs.count == m, "\(itemIDs.count) item ids for \(m) items")
        let target = URL(fileURLWithPath: directory).standardizedFileURL
        let header = NumPyArray.header(rows: m, columns: m)
        // 1. Rank 0: destination check, temporary folder, B.npy at full length.
        let temporaryPath = try grid.agree { () throws -> String in
            guard grid.rank == 0 else { return "" }
            return try prepare(target: target, header: header, order: m)
        }
        let temporary = String(decoding: grid.broadcast(Array(temporaryPath.utf8), from: 0), as: UTF8.self)
        let arrayPath = URL(fileURLWithPath: temporary).appendingPathComponent("B.npy").path
        do {
            // 2. Every process: its entries at their offsets.
            try grid.agree { try writeRuns(of: b, dataStart: header.count, to: arrayPath) }
            // 3. Rank 0: the manifest, then the folder into place.
            try grid.agree { () throws in
                guard grid.rank == 0 else { return }
                let manifest = ModelArchiveManifest(
                    libraryVersion: ModelArchive.libraryVersion, solver: solver, hyperparameters: hyperparameters,
                    itemCount: m, rank: nil, weights: .full, files: ["B.npy"], itemIDs: itemIDs)
                try finish(temporary: URL(fileURLWithPath: temporary), target: target, manifest: manifest)
            }
        } catch {
            if grid.rank == 0 { try? FileManager.default.removeItem(atPath: temporary) }
            throw error
        }
    }

    /// Checks the destination like ``ModelArchive/save(to:replacing:)``, creates the temporary folder and
    /// `B.npy` (header, then zeros to the full length); returns the folder's path.
    private static func prepare(target: URL, header: Data, order m: Int) throws -> String {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: target.path, isDirectory: &isDirectory) {
            let contents = (try? fm.contentsOfDirectory(atPath: target.path)) ?? ["?"]
            guard isDirectory.boolValue, contents.isEmpty || contents.contains(ModelArchive.manifestName) else {
                throw ModelArchiveError.destinationNotAModel(path: target.path)
            }
        }
        let temporary = target.deletingLastPathComponent()
            .appendingPathComponent(".\(target.lastPathComponent).tmp-\(UUID().uuidString)")
        do { try fm.createDirectory(at: temporary, withIntermediateDirectories: true) }
        catch { throw ModelArchiveError.io(path: temporary.path, reason: error.localizedDescription) }
        let path = temporary.appendingPathComponent("B.npy").path
        let (count, overflow) = m.multipliedReportingOverflow(by: m)
        guard !overflow, count <= (Int.max - header.count) / 8 else {
            throw ModelArchiveError.io(path: path, reason: "\(m) x \(m) doubles do not fit in a file")
        }
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw ModelArchiveError.io(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        let written = header.withUnsafeBytes { pwrite(fd, $0.baseAddress, header.count, 0) }
        guard written == header.count, ftruncate(fd, off_t(header.count + 8 * count)) == 0 else {
            throw ModelArchiveError.io(path: path, reason: String(cString: strerror(errno)))
        }
        return temporary.path
    }

    /// Writes this process's runs of `b` into the existing file at `path`, then `fsync`s it.
    private static func writeRuns(of b: BlockCyclicMatrix, dataStart: Int, to path: String) throws {
        let runs = b.fileRuns(dataStart: dataStart)
        guard !runs.isEmpty else { return }
        let fd = open(path, O_WRONLY)
        guard fd >= 0 else { throw ModelArchiveError.io(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        // Little-endian doubles, as NumPyArray writes them ('<f8'), straight from the local array
        // (no second copy of it) on little-endian machines; run by run elsewhere.
        func write(_ raw: UnsafeRawBufferPointer, at offset: Int) throws {
            var done = 0
            while done < raw.count {
                let n = pwrite(fd, raw.baseAddress! + done, raw.count - done, off_t(offset + done))
                if n < 0, errno == EINTR { continue }
                guard n > 0 else { throw ModelArchiveError.io(path: path, reason: String(cString: strerror(errno))) }
                done += n
            }
        }
        try b.local.withUnsafeBufferPointer { local in
            for run in runs {
                let values = UnsafeBufferPointer(rebasing: local[run.localOffset..<run.localOffset + run.count])
                #if _endian(little)
                try write(UnsafeRawBufferPointer(values), at: run.fileOffset)
                #else
                let swapped = values.map { $0.bitPattern.littleEndian }
                try swapped.withUnsafeBytes { try write($0, at: run.fileOffset) }
                #endif
            }
        }
        guard fsync(fd) == 0 else { throw ModelArchiveError.io(path: path, reason: String(cString: strerror(errno))) }
    }

    /// Writes `model.json` into `temporary` and renames the folder to `target` (an existing model
    /// folder there is moved aside first and removed after).
    private static func finish(temporary: URL, target: URL, manifest: ModelArchiveManifest) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let manifestPath = temporary.appendingPathComponent(ModelArchive.manifestName)
        do { try encoder.encode(manifest).write(to: manifestPath) }
        catch { throw ModelArchiveError.io(path: manifestPath.path, reason: "\(error)") }
        let fm = FileManager.default
        var aside: URL?
        if fm.fileExists(atPath: target.path) {
            let old = target.deletingLastPathComponent()
                .appendingPathComponent(".\(target.lastPathComponent).old-\(UUID().uuidString)")
            guard rename(target.path, old.path) == 0 else {
                throw ModelArchiveError.io(path: target.path, reason: "cannot move the old model aside: \(String(cString: strerror(errno)))")
            }
            aside = old
        }
        guard rename(temporary.path, target.path) == 0 else {
            let reason = String(cString: strerror(errno))
            if let aside { _ = rename(aside.path, target.path) }
            throw ModelArchiveError.io(path: target.path, reason: "cannot rename the new model into place: \(reason)")
        }
        if let aside { try? fm.removeItem(at: aside) }
    }
}
#endif
