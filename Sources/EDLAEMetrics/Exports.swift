@_exported import EDLAECore
@_exported import EDLAESolvers
