import _CLinearAlgebra

/// What the library knows about the OpenBLAS kernel the process runs (`openblas_get_corename()`,
/// chosen by OpenBLAS from the CPU or from `OPENBLAS_CORETYPE`).
///
/// Debian's OpenBLAS 0.3.21 falls back to its SSE3 `Prescott` kernel on CPUs it does not
/// recognise (many virtual machines), and that kernel's `spotri` on the lower triangle crashes
/// (an aligned SSE load on a misaligned column inside `strsm_kernel_RT_PRESCOTT`) for odd orders
/// from about 137 on when OpenBLAS runs one thread: measured for every order 100 + 37 j up to 1500,
/// while the upper-triangle `spotri`, the double-precision routines and the other kernels of the
/// same library ran every order (Docs/Precision.md, "OpenBLAS's Prescott kernel"). The single-precision
/// inversion therefore goes through the upper triangle on that kernel, at the cost of two O(n^2)
/// copies between the triangles.
enum OpenBLASKernel {
    /// The kernel's name in lower case (`prescott`, `haswell`, `skylakex`, ...).
    static let name: String = String(cString: openblas_get_corename()).lowercased()

    /// Whether `spotri` with `uplo = 'L'` is known to crash on this kernel.
    static let singlePrecisionLowerInverseIsUnsafe = name == "prescott"
}
