@_exported import EDLAEMetrics
