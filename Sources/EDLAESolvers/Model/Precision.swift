/// The floating-point precision of a model's weights and of the computation that fits it.
///
/// `single` (`Float`, unit roundoff `2^-24`) halves the memory of an m x m model; `double`
/// (`Double`, `2^-53`) is the default. Docs/Precision.md measures what single precision changes.
public enum Precision: String, CaseIterable, Sendable, Codable, Hashable {
    /// `Float`, stored as NumPy `<f4`.
    case single
    /// `Double`, stored as NumPy `<f8`.
    case double

    /// The bytes of one element.
    public var byteCount: Int { self == .single ? 4 : 8 }
}
