import EDLAECore
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ModelArchive {
    /// What ``save(to:replacing:)`` may do to an existing destination.
    public enum ReplacePolicy: Sendable {
        /// Replace only an empty folder, or a model folder of this library (its `model.json` decodes
        /// as a ``ModelArchiveManifest``) that holds nothing but the manifest and the files the
        /// manifest lists; refuse anything else. The default.
        case modelFolderOnly
        /// As ``modelFolderOnly`` where that applies; for any other existing folder, write
        /// `model.json` and the weight files into it one by one (each atomically) and leave every
        /// other file alone: nothing is deleted. The tool's `--force`.
        case modelFilesOnly
    }

    /// The file names this library writes into a model folder.
    static let ownFileNames: Set<String> = [manifestName, "B.npy", "U.npy", "V.npy"]

    /// Writes the folder `directory` atomically without destroying anything it did not write.
    ///
    /// 1. Stale temporaries of earlier saves to the same folder whose process no longer runs
    ///    (`.<name>.tmp-<pid>-<uuid>`, `.<name>.old-<pid>-<uuid>`) are swept: a temporary folder is
    ///    removed when it holds only model files; a folder moved aside is put back when the target
    ///    is missing, else removed.
    /// 2. The destination is checked against `policy` (see ``ReplacePolicy``).
    /// 3. The model is written to `.<name>.tmp-<pid>-<uuid>`; the old model folder (if any) is
    ///    renamed aside, the new one renamed into place, and the old one removed.
    ///
    /// A process that wants its temporary folder removed when it is interrupted calls
    /// ``abandonSavesInProgress()`` from its signal handling (the `edlae` tool does, for SIGINT
    /// and SIGTERM).
    /// - Throws: ``ModelArchiveError/destinationNotAModel(path:)``,
    ///   ``ModelArchiveError/destinationHoldsOtherFiles(path:files:)``,
    ///   ``ModelArchiveError/interrupted(path:)``, ``ModelArchiveError/io(path:reason:)``.
    /// - Complexity: O(m^2) or O(m k) bytes written.
    public func save(to directory: String, replacing policy: ReplacePolicy = .modelFolderOnly) throws(ModelArchiveError) {
        let fm = FileManager.default
        let target = URL(fileURLWithPath: directory).standardizedFileURL
        let parent = target.deletingLastPathComponent(), name = target.lastPathComponent
        SaveRegistry.shared.sweepStaleTemporaries(in: parent, name: name)
        var isDirectory: ObjCBool = false
        let exists = fm.fileExists(atPath: target.path, isDirectory: &isDirectory)
        if exists {
            guard isDirectory.boolValue else { throw .destinationNotAModel(path: target.path) }
            switch Self.classify(target) {
            case .replaceable: break
            case .notAModel where policy == .modelFilesOnly, .holdsOtherFiles where policy == .modelFilesOnly:
                return try writeFiles(into: target)
            case .notAModel: throw .destinationNotAModel(path: target.path)
            case .holdsOtherFiles(let files): throw .destinationHoldsOtherFiles(path: target.path, files: files)
            }
        }
        let token = "\(getpid())-\(UUID().uuidString)"
        let temporary = parent.appendingPathComponent(".\(name).tmp-\(token)")
        let aside = parent.appendingPathComponent(".\(name).old-\(token)")
        try SaveRegistry.shared.begin(token, temporary: temporary, aside: aside, target: target)
        defer { SaveRegistry.shared.end(token) }
        do {
            try writeFiles(into: temporary)
        } catch {
            try? fm.removeItem(at: temporary)
            throw error
        }
        try SaveRegistry.shared.commit(token, replacing: exists)
    }

    /// What an existing folder is, for ``save(to:replacing:)``.
    enum Destination {
        case replaceable, notAModel, holdsOtherFiles([String])
    }

    static func classify(_ folder: URL) -> Destination {
        guard let contents = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return .notAModel }
        if contents.isEmpty { return .replaceable }
        guard contents.contains(manifestName),
              let data = try? Data(contentsOf: folder.appendingPathComponent(manifestName)),
              let manifest = try? JSONDecoder().decode(ModelArchiveManifest.self, from: data),
              manifest.format == ModelArchiveManifest.formatName else { return .notAModel }
        let own = Set(manifest.files + [manifestName])
        let others = contents.filter { !own.contains($0) }.sorted()
        return others.isEmpty ? .replaceable : .holdsOtherFiles(others)
    }

    /// Writes the weight files and then the manifest into `folder`, each atomically.
    func writeFiles(into folder: URL) throws(ModelArchiveError) {
        do {
            switch model.weights {
            case .full(let b):
                try NumPyArray.write(b, to: folder.appendingPathComponent("B.npy").path)
            case .fullSingle(let b):
                try NumPyArray.write(b, to: folder.appendingPathComponent("B.npy").path)
            case .factored(let u, let v):
                try NumPyArray.write(u, to: folder.appendingPathComponent("U.npy").path)
                try NumPyArray.write(v, to: folder.appendingPathComponent("V.npy").path)
            case .factoredSingle(let u, let v):
                try NumPyArray.write(u, to: folder.appendingPathComponent("U.npy").path)
                try NumPyArray.write(v, to: folder.appendingPathComponent("V.npy").path)
            }
        } catch { throw .array(error) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let json: Data
        do { json = try encoder.encode(manifest) }
        catch { throw ModelArchiveError.io(path: Self.manifestName, reason: "\(error)") }
        do { try AtomicFile.write(json, to: folder.appendingPathComponent(Self.manifestName).path) }
        catch { throw ModelArchiveError.io(path: Self.manifestName, reason: "\(error)") }
    }

    /// Abandons every save of this process that has not reached its final rename: removes its
    /// temporary folder and puts an old model moved aside back in place; later steps of those saves
    /// throw ``ModelArchiveError/interrupted(path:)``. Returns the temporary folders removed.
    ///
    /// Call it from a signal handler that runs on a thread (e.g. a `DispatchSourceSignal`
    /// handler), not from an async-signal context; then end the process. The `edlae` tool does so
    /// for SIGINT and SIGTERM.
    /// - Complexity: O(files in the temporary folders).
    @discardableResult
    public static func abandonSavesInProgress() -> [String] {
        SaveRegistry.shared.abandonAll()
    }
}

/// The saves in progress in this process, so that a signal can remove their temporary folders, and
/// the sweep of stale temporaries left by processes that were killed.
final class SaveRegistry: @unchecked Sendable {
    static let shared = SaveRegistry()

    private struct Save { let temporary: URL, aside: URL, target: URL; var movedAside = false }
    private let lock = NSLock()
    private var saves = [String: Save]()
    private var abandoned = false

    /// Registers a save and creates its temporary folder, both under the lock, so that no
    /// temporary folder appears after ``abandonAll()``.
    func begin(_ token: String, temporary: URL, aside: URL, target: URL) throws(ModelArchiveError) {
        lock.lock(); defer { lock.unlock() }
        if abandoned { throw .interrupted(path: target.path) }
        do {
            try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
        } catch { throw .io(path: temporary.path, reason: error.localizedDescription) }
        saves[token] = Save(temporary: temporary, aside: aside, target: target)
    }

    func end(_ token: String) {
        lock.lock(); defer { lock.unlock() }
        saves[token] = nil
    }

    /// The final renames, under the lock, so that ``abandonAll()`` sees either none or all of them.
    func commit(_ token: String, replacing exists: Bool) throws(ModelArchiveError) {
        lock.lock(); defer { lock.unlock() }
        guard !abandoned, var save = saves[token] else {
            if let save = saves[token] { Self.remove(save.temporary) }
            throw .interrupted(path: saves[token]?.target.path ?? "model folder")
        }
        let fm = FileManager.default
        if exists {
            guard rename(save.target.path, save.aside.path) == 0 else {
                let reason = String(cString: strerror(errno))
                try? fm.removeItem(at: save.temporary)
                throw .io(path: save.target.path, reason: "cannot move the old model aside: \(reason)")
            }
            save.movedAside = true
            saves[token] = save
        }
        guard rename(save.temporary.path, save.target.path) == 0 else {
            let reason = String(cString: strerror(errno))
            if save.movedAside { _ = rename(save.aside.path, save.target.path) }
            try? fm.removeItem(at: save.temporary)
            throw .io(path: save.target.path, reason: "cannot rename the new model into place: \(reason)")
        }
        if save.movedAside { try? fm.removeItem(at: save.aside) }
        saves[token] = nil
    }

    func abandonAll() -> [String] {
        lock.lock(); defer { lock.unlock() }
        abandoned = true
        var removed = [String]()
        for save in saves.values {
            if FileManager.default.fileExists(atPath: save.temporary.path) {
                Self.remove(save.temporary)
                removed.append(save.temporary.path)
            }
            if save.movedAside, !FileManager.default.fileExists(atPath: save.target.path) {
                _ = rename(save.aside.path, save.target.path)
            }
        }
        saves.removeAll()
        return removed
    }

    /// Removes (or restores) temporaries named for `name` in `parent` whose process is gone.
    func sweepStaleTemporaries(in parent: URL, name: String) {
        let fm = FileManager.default
        guard let entries = try? fm.contentsOfDirectory(atPath: parent.path) else { return }
        let target = parent.appendingPathComponent(name)
        for entry in entries {
            for (kind, prefix) in [("tmp", ".\(name).tmp-"), ("old", ".\(name).old-")] where entry.hasPrefix(prefix) {
                var token = entry.dropFirst(prefix.count)
                if token.hasSuffix("-abandoned") { token = token.dropLast("-abandoned".count) }  // a removal cut short
                guard let dash = token.firstIndex(of: "-"), let pid = Int32(token[..<dash]),
                      UUID(uuidString: String(token[token.index(after: dash)...])) != nil,
                      !Self.isRunning(pid) || (pid == getpid() && !isOwnInProgress(String(token))) else { continue }
                let folder = parent.appendingPathComponent(entry)
                if kind == "old", !fm.fileExists(atPath: target.path) {
                    _ = rename(folder.path, target.path)  // the old model comes back
                    continue
                }
                if Self.holdsOnlyModelFiles(folder) { try? fm.removeItem(at: folder) }
            }
        }
    }

    /// Removes a temporary folder that a writer may still be filling: it is renamed first (an
    /// atomic step after which the writer's paths no longer lead into it), then removed.
    static func remove(_ folder: URL) {
        let fm = FileManager.default
        let doomed = folder.deletingLastPathComponent().appendingPathComponent(folder.lastPathComponent + "-abandoned")
        let target = rename(folder.path, doomed.path) == 0 ? doomed : folder
        for _ in 0..<3 where fm.fileExists(atPath: target.path) { try? fm.removeItem(at: target) }
    }

    private func isOwnInProgress(_ token: String) -> Bool {
        lock.lock(); defer { lock.unlock() }
        return saves[token] != nil
    }

    /// Whether a process with `pid` exists (`kill(pid, 0)` does not fail with `ESRCH`).
    static func isRunning(_ pid: Int32) -> Bool {
        pid > 0 && (kill(pid, 0) == 0 || errno != ESRCH)
    }

    /// Whether `folder` holds nothing but files this library writes (and their atomic-write
    /// temporaries `.<file>.tmp-<uuid>`).
    static func holdsOnlyModelFiles(_ folder: URL) -> Bool {
        guard let contents = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return false }
        return contents.allSatisfy { file in
            ModelArchive.ownFileNames.contains(file)
                || ModelArchive.ownFileNames.contains { file.hasPrefix(".\($0).tmp-") }
        }
    }
}

extension ModelArchive {
    /// Throws the error ``save(to:replacing:)`` would throw for the destination `directory`
    /// before anything is written (to refuse before a long fit).
    /// - Throws: ``ModelArchiveError/destinationNotAModel(path:)``,
    ///   ``ModelArchiveError/destinationHoldsOtherFiles(path:files:)``.
    /// - Complexity: reads the folder listing and the manifest.
    public static func checkDestination(_ directory: String, replacing policy: ReplacePolicy = .modelFolderOnly) throws(ModelArchiveError) {
        let target = URL(fileURLWithPath: directory).standardizedFileURL
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: target.path, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else { throw .destinationNotAModel(path: target.path) }
        guard policy == .modelFolderOnly else { return }
        switch classify(target) {
        case .replaceable: return
        case .notAModel: throw .destinationNotAModel(path: target.path)
        case .holdsOtherFiles(let files): throw .destinationHoldsOtherFiles(path: target.path, files: files)
        }
    }
}
