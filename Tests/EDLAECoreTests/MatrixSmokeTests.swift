import Testing
import EDLAECore

@Test func productOfTwoSmallMatrices() {
    let a = Matrix<Double>([[1, 2, 3], [4, 5, 6]])
    let b = Matrix<Double>([[1, 0], [0, 1], [1, 1]])
    #expect(a * b == Matrix([[4, 5], [10, 11]]))
}
