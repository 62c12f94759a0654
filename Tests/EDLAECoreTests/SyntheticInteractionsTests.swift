import Foundation
import Testing
@testable import EDLAECore

@Suite("SplitMix64")
struct SplitMix64Tests {
    @Test func matchesTheReferenceSequence() {
        // Published test vector of the reference C implementation (seed 1234567); the 2nd and 3rd
        // values and the seed-0 value come from the same reference algorithm.
        var generator = SplitMix64(seed: 1_234_567)
        #expect(generator.next() == 6_457_827_717_110_365_317)
        #expect(generator.next() == 3_203_168_211_198_807_973)
        #expect(generator.next() == 9_817_491_932_198_370_423)
        var zero = SplitMix64(seed: 0)
        #expect(zero.next() == 0xE220_A839_7B1D_CDAF)
    }

    @Test func unitDoublesLieInTheHalfOpenInterval() {
        var generator = SplitMix64(seed: 3)
        var sum = 0.0
        for _ in 0..<10_000 {
            let u = generator.nextUnitDouble()
            #expect(u >= 0 && u < 1)
            sum += u
        }
        // Mean of 10,000 uniforms: standard deviation 0.0029; 5 sigma is 0.0144.
        #expect(abs(sum / 10_000 - 0.5) < 0.0144)
    }

    @Test func boundedIntegersAreInRangeAndUniform() {
        var generator = SplitMix64(seed: 8)
        var counts = [Int](repeating: 0, count: 7)
        for _ in 0..<7_000 { counts[generator.nextInt(below: 7)] += 1 }
        // Chi-square with 6 degrees of freedom: P(chi2 > 22.46) = 0.001.
        let chiSquare = counts.reduce(0.0) { $0 + pow(Double($1) - 1000, 2) / 1000 }
        #expect(chiSquare < 22.46)
        #expect(generator.nextInt(below: 1) == 0)
    }

    @Test func shuffleIsAReproducibleUniformPermutation() {
        var generator = SplitMix64(seed: 21)
        var counts = [[Int]: Int]()
        for _ in 0..<6_000 {
            var elements = [0, 1, 2]
            generator.shuffle(&elements)
            counts[elements, default: 0] += 1
        }
        // All 3! orders occur; chi-square with 5 degrees of freedom: P(chi2 > 20.52) = 0.001.
        #expect(counts.count == 6)
        let chiSquare = counts.values.reduce(0.0) { $0 + pow(Double($1) - 1000, 2) / 1000 }
        #expect(chiSquare < 20.52)
        var a = SplitMix64(seed: 5), b = SplitMix64(seed: 5)
        var first = Array(0..<50), second = Array(0..<50)
        a.shuffle(&first)
        b.shuffle(&second)
        #expect(first == second)
        #expect(first.sorted() == Array(0..<50))
        #expect(first != Array(0..<50))
    }

    @Test func streamsAreReproducibleAndDistinct() {
        let root = SplitMix64(seed: 99)
        var a = root.stream(5), b = root.stream(5), c = root.stream(6)
        let first = a.next()
        #expect(first == b.next())
        #expect(first != c.next())
        var saved = SplitMix64(seed: 1)
        _ = saved.next()
        var resumed = SplitMix64(seed: saved.state)
        #expect(saved.next() == resumed.next())
    }

    @Test func deterministicLogAndExpAgreeWithTheCLibrary() {
        var generator = SplitMix64(seed: 12)
        for _ in 0..<500 {
            let x = DeterministicMath.exp((generator.nextUnitDouble() - 0.5) * 60)   // 1e-13 ... 1e13
            // Both are within a few ulps of the exact value: 1e-14 relative covers 45 ulps.
            #expect(abs(DeterministicMath.log(x) - Foundation.log(x)) <= 1e-14 * max(1, abs(Foundation.log(x))))
            let y = (generator.nextUnitDouble() - 0.5) * 80
            #expect(abs(DeterministicMath.exp(y) - Foundation.exp(y)) <= 1e-14 * Foundation.exp(y))
        }
        #expect(DeterministicMath.exp(0) == 1)
        #expect(DeterministicMath.log(1) == 0)
    }
}

@Suite("SyntheticInteractions")
struct SyntheticInteractionsTests {
    static let small = try! SyntheticInteractions(users: 3000, items: 400, density: 0.02, seed: 42)

    @Test func sameSeedGivesTheSameMatrix() throws {
        let again = try SyntheticInteractions(users: 3000, items: 400, density: 0.02, seed: 42)
        #expect(try Self.small.generate() == again.generate())
    }

    @Test func resultDoesNotDependOnTheChunking() throws {
        // generate() splits users into parallel chunks; each user has its own stream, so
        // generating all users as one chunk must give the same rows.
        let generator = Self.small
        let model = SyntheticInteractions.Model(generator)
        let rows = model.items(of: 0..<generator.userCount, counts: generator.activity(),
                               streams: SplitMix64(seed: generator.seed).stream(2))
        let x = try generator.generate()
        #expect(rows.items == x.columnIndices)
        #expect(rows.lengths == x.userCounts)
    }

    @Test func differentSeedGivesADifferentMatrix() throws {
        let other = try SyntheticInteractions(users: 3000, items: 400, density: 0.02, seed: 43)
        #expect(try Self.small.generate() != other.generate())
    }

    @Test func hasTheShapeDensityAndBinaryValues() throws {
        let x = try Self.small.generate()
        #expect(x.userCount == 3000 && x.itemCount == 400)
        #expect(x.values.allSatisfy { $0 == 1 })
        // Activities are rescaled to sum to density * users * items = 24,000; only the rounding
        // of the last rescaling step may miss it: allow 0.5% (120 interactions).
        #expect(abs(Double(x.nonzeroCount) - 24_000) <= 120)
        #expect(x.userCounts.allSatisfy { $0 >= 1 && $0 <= 200 })   // clamped to 1 ... m / 2
    }

    @Test func tinyShapesWork() throws {
        let single = try SyntheticInteractions(users: 5, items: 1, density: 1, seed: 3).generate()
        #expect(single.columnIndices == [0, 0, 0, 0, 0])
        let sparse = try SyntheticInteractions(users: 50, items: 2, density: 0.001, seed: 3).generate()
        #expect(sparse.userCounts.allSatisfy { $0 == 1 })   // at least one item per user
    }

    /// The least-squares slope of log(count) against log(rank) over ranks `lower ... upper`.
    static func logLogSlope(_ counts: [Double], ranks: ClosedRange<Int>) -> Double {
        let points = ranks.map { (log(Double($0)), log(max(counts[$0 - 1], 0.5))) }
        let n = Double(points.count)
        let sx = points.reduce(0) { $0 + $1.0 }, sy = points.reduce(0) { $0 + $1.1 }
        let sxx = points.reduce(0) { $0 + $1.0 * $1.0 }, sxy = points.reduce(0) { $0 + $1.0 * $1.1 }
        return (n * sxy - sx * sy) / (n * sxx - sx * sx)
    }

    @Test(arguments: [1.0, 0.5])
    func itemPopularityFollowsThePowerLaw(alpha: Double) throws {
        let generator = try SyntheticInteractions(users: 4000, items: 600, density: 0.02, seed: 7,
                                                  popularityExponent: alpha)
        let counts = try generator.generate().itemCounts.sorted(by: >)
        // The documented bound: slope over ranks m/20 ... m/2 within [-1.05 alpha, -0.8 alpha].
        let slope = Self.logLogSlope(counts, ranks: 30...300)
        #expect(slope >= -1.05 * alpha && slope <= -0.8 * alpha, "slope \(slope) for alpha \(alpha)")
        // Head heavier than the tail: the top item is held by far more users than the median item.
        #expect(counts[0] > 5 * counts[300])
    }

    @Test func uniformPopularityGivesAFlatProfile() throws {
        let generator = try SyntheticInteractions(users: 4000, items: 600, density: 0.02, seed: 7,
                                                  popularityExponent: 0)
        let counts = try generator.generate().itemCounts
        // 48,000 interactions over 600 equally likely items: mean 80, and each count is a sum of
        // independent per-user indicators, so its sd is at most sqrt(80) = 8.9; allow 6 sd.
        #expect(counts.allSatisfy { abs($0 - 80) < 54 })
    }

    @Test func activityVariesLogNormallyAndIsConstantWithoutSpread() throws {
        let spread = try Self.small.generate().userCounts.map(Double.init)
        let mean = spread.reduce(0, +) / Double(spread.count)
        let variance = spread.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(spread.count)
        // A log-normal with sigma = 1 has coefficient of variation sqrt(e - 1) = 1.31 (less after
        // clamping at m / 2); a constant activity has 0.
        #expect(variance.squareRoot() / mean > 0.8)
        let flat = try SyntheticInteractions(users: 500, items: 400, density: 0.02, seed: 1, activitySpread: 0)
        #expect(try flat.generate().userCounts.allSatisfy { $0 == 8 })
    }

    @Test func usersConcentrateOnTheirTopics() throws {
        // With one topic per user and no exploration, every user's items lie in one of 4 topics
        // of 100 items; with 40 items each, two users' overlap is large or zero.
        let generator = try SyntheticInteractions(users: 200, items: 400, density: 0.1, seed: 5, topics: 4,
                                                  maximumTopicsPerUser: 1, activitySpread: 0, explorationRate: 0)
        let x = try generator.generate()
        let itemsOfUser = (0..<x.userCount).map { Set(x.items(ofUser: $0)) }
        var distinctTopics = Set<Set<Int32>>()
        for user in 0..<x.userCount {
            // The union of the items of all users sharing items with this user stays within 100 items.
            let neighbours = (0..<x.userCount).filter { !itemsOfUser[$0].isDisjoint(with: itemsOfUser[user]) }
            let union = neighbours.reduce(into: Set<Int32>()) { $0.formUnion(itemsOfUser[$1]) }
            #expect(union.count <= 100)
            distinctTopics.insert(union)
        }
        #expect(distinctTopics.count <= 4)
    }

    @Test func rejectsParametersOutOfRange() {
        #expect(throws: SyntheticInteractions.InvalidParameter.self) {
            try SyntheticInteractions(users: 10, items: 10, density: 0)
        }
        let error = #expect(throws: SyntheticInteractions.InvalidParameter.self) {
            try SyntheticInteractions(users: 10, items: 10, density: 0.1, explorationRate: 1.5)
        }
        #expect(error?.name == "explorationRate")
        #expect(throws: SyntheticInteractions.InvalidParameter.self) {
            try SyntheticInteractions(users: 0, items: 10, density: 0.1)
        }
        #expect(throws: SyntheticInteractions.InvalidParameter.self) {
            try SyntheticInteractions(users: 10, items: 10, density: 0.1, topics: 11)
        }
    }
}
