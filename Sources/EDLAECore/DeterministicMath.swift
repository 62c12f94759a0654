/// `log` and `exp` from IEEE-754 additions, multiplications and divisions only.
///
/// The C library's `log`/`exp`/`pow` are not required to be correctly rounded, so their last bit
/// may differ between platforms; code whose output must be identical everywhere for a seed (the
/// synthetic generator) uses these instead. Both are accurate to a few units in the last place,
/// which is all the generator needs.
enum DeterministicMath {
    private static let ln2 = 0.693_147_180_559_945_309_417_232_121_458_176_568

    /// The natural logarithm of a positive finite `x`.
    static func log(_ x: Double) -> Double {
        precondition(x > 0 && x.isFinite, "log needs a positive finite argument, got \(x)")
        // x = 2^e * f with f in [1, 2) exactly (bit operations), then f in [sqrt(1/2), sqrt(2)).
        var e = Double(x.exponent)
        var f = x.significand
        if f > 1.414_213_562_373_095_048_801_688_724_209_698_078 { f *= 0.5; e += 1 }
        // log f = 2 atanh(s) = 2 (s + s^3/3 + s^5/5 + ...), |s| <= 0.1716; 12 terms leave < 1e-19.
        let s = (f - 1) / (f + 1), s2 = s * s
        var term = s, sum = 0.0
        var k = 1.0
        for _ in 0..<12 {
            sum += term / k
            term *= s2
            k += 2
        }
        return e * ln2 + 2 * sum
    }

    /// `e^x`; 0 below -745 and +infinity above 709.78.
    static func exp(_ x: Double) -> Double {
        precondition(!x.isNaN, "exp of NaN")
        if x < -745 { return 0 }
        if x > 709.78 { return .infinity }
        // x = k ln2 + r with |r| <= ln2 / 2; e^r by its Taylor series to r^20 (error < 1e-22).
        let k = (x / ln2).rounded()
        let r = x - k * ln2
        var term = 1.0, sum = 1.0
        for n in 1...20 {
            term *= r / Double(n)
            sum += term
        }
        // Scale by 2^k in two steps so that neither factor over- or underflows on its own.
        let half = (k / 2).rounded(.down)
        return sum * Double(sign: .plus, exponent: Int(half), significand: 1)
            * Double(sign: .plus, exponent: Int(k - half), significand: 1)
    }

    /// `x^y` for positive finite `x`, as `exp(y log x)`.
    static func pow(_ x: Double, _ y: Double) -> Double {
        exp(y * log(x))
    }
}
