import EDLAECore
import Testing

@Suite("MovieLens ratings reader")
struct InteractionReaderMovieLensTests {
    static let ratings = """
        userId,movieId,rating,timestamp
        1,10,4.0,964982703
        1,20,3.5,964981247
        2,20,5.0,964982224
        2,30,2.0,964983815
        3,10,3.0,964982931
        4,30,3.5,964982400
        4,10,4.5,964980868

        """

    @Test func defaultKeepsRatingsStrictlyAboveThreePointFive() throws {
        let path = try InteractionTestSupport.temporaryFile(named: "ratings.csv", contents: Self.ratings)
        let data = try InteractionDataset(contentsOfMovieLensRatingsFile: path)
        // Kept: (1,10) 4.0, (2,20) 5.0, (4,10) 4.5. Users 3 and the 3.5 ratings are dropped.
        #expect(data.users.identifiers == ["1", "2", "4"])
        #expect(data.items.identifiers == ["10", "20"])
        #expect(data.interactions.nonzeroCount == 3)
        #expect(Array(data.interactions.items(ofUser: 0)) == [0])
        #expect(Array(data.interactions.items(ofUser: 1)) == [1])
        #expect(Array(data.interactions.items(ofUser: 2)) == [0])
        #expect(data.interactions.values.allSatisfy { $0 == 1 })
    }

    @Test func atLeastKeepsTheThresholdItself() throws {
        let data = try InteractionDataset(movieLensRatingsText: Self.ratings, keeping: .atLeast(3.5))
        // Adds (1,20) 3.5 and (4,30) 3.5.
        #expect(data.interactions.nonzeroCount == 5)
        #expect(data.users.identifiers == ["1", "2", "4"])
        #expect(data.items.identifiers == ["10", "20", "30"])
        #expect(InteractionDataset.RatingThreshold.above(3.5).keeps(3.5) == false)
        #expect(InteractionDataset.RatingThreshold.atLeast(3.5).keeps(3.5))
    }

    @Test func headerIsOptional() throws {
        let data = try InteractionDataset(movieLensRatingsText: "7,1,5,1\n7,2,4,2\n")
        #expect(data.interactions.nonzeroCount == 2 && data.users.identifiers == ["7"])
    }

    @Test(arguments: [
        ("userId,movieId,rating,timestamp\n1,2,4.0\n", 2, InteractionReadError.Reason.wrongColumnCount(expected: 4...4, found: 3)),
        ("userId,movieId,rating,timestamp\n1,2,4,5\nu1,2,4.0,5\n", 3, .invalidIdentifier(field: "userId", text: "u1")),
        ("1,2,4,5\n1,m,4.0,5\n", 2, .invalidIdentifier(field: "movieId", text: "m")),
        ("1,2,4,5\n1,3,good,5\n", 2, .invalidNumber(field: "rating", text: "good")),
        ("1,2,4,5\n\n1,3,-4,5\n", 3, .negativeValue(field: "rating", text: "-4")),
        ("1,2,4,5\n1,3,4,yesterday\n", 2, .invalidNumber(field: "timestamp", text: "yesterday")),
        ("1,2,4,5\n1,,4,5\n", 2, .emptyField(column: 2)),
    ])
    func malformedLineReportsReasonAndLine(contents: String, line: Int, reason: InteractionReadError.Reason) throws {
        let path = try InteractionTestSupport.temporaryFile(named: "ratings.csv", contents: contents)
        let error = #expect(throws: InteractionReadError.self) {
            try InteractionDataset(contentsOfMovieLensRatingsFile: path)
        }
        #expect(error?.line == line)
        #expect(error?.reason == reason)
        #expect(error?.path == path)
    }

    @Test func noRatingAboveThresholdIsNoInteractions() {
        let error = #expect(throws: InteractionReadError.self) {
            try InteractionDataset(movieLensRatingsText: "userId,movieId,rating,timestamp\n1,2,3.0,5\n1,3,3.5,6\n")
        }
        #expect(error?.reason == .noInteractions)
        #expect(error?.line == nil)
    }
}
