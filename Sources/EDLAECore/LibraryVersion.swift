/// The library's version, as the first release heading of `CHANGELOG.md` gives it; written into
/// every model folder and printed by `edlae --version`.
public enum LibraryVersion {
    /// `major.minor.patch` (Semantic Versioning).
    public static let current = "0.2.0"
}
