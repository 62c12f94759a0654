import EDLAECore

extension LinearAutoencoder {
    /// A full-rank model from weights computed in either precision (``Weights/full(_:)`` or
    /// ``Weights/fullSingle(_:)``), for solvers generic over `Scalar`.
    init<Scalar: MatrixScalar>(fitted b: Matrix<Scalar>) {
        if let single = b as? Matrix<Float> {
            self.init(full: single)
        } else {
            self.init(full: Matrix<Double>(converting: b))
        }
    }

    /// A factored model from factors computed in either precision (``Weights/factored(encoder:decoder:)``
    /// or ``Weights/factoredSingle(encoder:decoder:)``), for solvers generic over `Scalar`.
    init<Scalar: MatrixScalar>(fittedEncoder u: Matrix<Scalar>, decoder v: Matrix<Scalar>) {
        if let singleU = u as? Matrix<Float>, let singleV = v as? Matrix<Float> {
            self.init(encoder: singleU, decoder: singleV)
        } else {
            self.init(encoder: Matrix<Double>(converting: u), decoder: Matrix<Double>(converting: v))
        }
    }
}
