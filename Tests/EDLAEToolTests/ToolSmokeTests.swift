import Foundation
import Testing

@Test func toolPrintsItsHelp() throws {
    let tool = try #require(ToolLocation.executable, "edlae must be built next to the tests (swift build --build-tests)")
    let process = Process()
    process.executableURL = tool
    process.arguments = ["--help"]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    #expect(output.contains("evaluate"))
}
