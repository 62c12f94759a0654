@_exported import EDLAECore
