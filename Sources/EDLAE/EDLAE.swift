// The umbrella module: `import EDLAE` brings the whole library (matrices and data, the solvers, the
// evaluation) with one line. Each product can also be imported on its own.
@_exported import EDLAECore
@_exported import EDLAEMetrics
@_exported import EDLAESolvers
