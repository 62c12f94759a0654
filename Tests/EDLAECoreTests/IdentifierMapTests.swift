import EDLAECore
import Foundation
import Testing

@Suite("IdentifierMap")
struct IdentifierMapTests {
    @Test func assignsIndicesInFirstSeenOrder() {
        var map = IdentifierMap()
        #expect(map.insert("milk") == (true, 0))
        #expect(map.insert("bread") == (true, 1))
        #expect(map.insert("milk") == (false, 0))
        #expect(map.insert("42") == (true, 2))
        #expect(map.count == 3)
        #expect(map.identifiers == ["milk", "bread", "42"])
        #expect(map.index(of: "bread") == 1)
        #expect(map.index(of: 42) == 2)
        #expect(map.index(of: "cheese") == nil)
        #expect(map.index(of: 7) == nil)
    }

    @Test func roundTripsEveryIndexAndIdentifier() {
        let identifiers = (0..<50).map { "user-\(($0 * 37) % 101)" }
        let map = IdentifierMap(identifiers)
        #expect(map.count == 50)
        for index in 0..<map.count {
            #expect(map.index(of: map.identifier(at: index)) == index)
        }
        for identifier in identifiers {
            #expect(map.identifier(at: map.index(of: identifier)!) == identifier)
        }
    }

    @Test func repeatedIdentifiersKeepTheirFirstIndex() {
        let map = IdentifierMap(["b", "a", "b", "c", "a"])
        #expect(map.identifiers == ["b", "a", "c"])
    }

    @Test func integerIdentityMapsDecimalTextOnly() {
        let map = IdentifierMap.integers(count: 5)
        #expect(map.isIntegerIdentity)
        #expect(map.count == 5)
        #expect(map.index(of: "3") == 3)
        #expect(map.index(of: 4) == 4)
        #expect(map.index(of: "03") == nil)   // not the decimal text of an integer
        #expect(map.index(of: "+3") == nil)
        #expect(map.index(of: "5") == nil)
        #expect(map.index(of: -1) == nil)
        #expect(map.identifier(at: 2) == "2")
        #expect(map == IdentifierMap(["0", "1", "2", "3", "4"]))
        #expect(map != IdentifierMap(["0", "1", "2", "4", "3"]))
    }

    @Test func insertingIntoAnIntegerMapExtendsOrConverts() {
        var map = IdentifierMap.integers(count: 2)
        #expect(map.insert("2") == (true, 2))
        #expect(map.isIntegerIdentity)
        #expect(map.insert("x") == (true, 3))
        #expect(!map.isIntegerIdentity)
        #expect(map.identifiers == ["0", "1", "2", "x"])
        #expect(map.index(of: "1") == 1)
    }

    @Test func ascendingIntegersMapTheKthSmallestIdToK() throws {
        let map = try #require(IdentifierMap.ascendingIntegers([3, 10, 193_609]))
        #expect(map.count == 3 && !map.isIntegerIdentity)
        #expect(map.identifiers == ["3", "10", "193609"])
        #expect(map.index(of: 10) == 1 && map.index(of: "193609") == 2 && map.identifier(at: 0) == "3")
        for absent in [0, 4, 11, 193_610, -3] { #expect(map.index(of: absent) == nil) }
        #expect(map.index(of: "010") == nil && map.index(of: "+3") == nil)
        #expect(map == IdentifierMap(["3", "10", "193609"]))
        #expect(IdentifierMap.ascendingIntegers([0, 1, 2]) == .integers(count: 3))
        #expect(IdentifierMap.ascendingIntegers([0, 1, 2])?.isIntegerIdentity == true)
        #expect(IdentifierMap.ascendingIntegers([2, 1]) == nil)
        #expect(IdentifierMap.ascendingIntegers([1, 1]) == nil)
        #expect(IdentifierMap.ascendingIntegers([-1, 4]) == nil)
        #expect(IdentifierMap.ascendingIntegers([])?.count == 0)
    }

    @Test func insertingIntoAnAscendingMapAppendsLargerIntegersOrConverts() throws {
        var map = try #require(IdentifierMap.ascendingIntegers([3, 10]))
        #expect(map.insert("10") == (false, 1))
        #expect(map.insert("12") == (true, 2))
        #expect(map.insert("5") == (true, 3))       // smaller than the largest: now stored as text
        #expect(map.identifiers == ["3", "10", "12", "5"])
        #expect(map.index(of: 5) == 3 && map.index(of: "12") == 2)
        var identity = IdentifierMap.integers(count: 2)
        #expect(identity.insert("7") == (true, 2))
        #expect(identity.identifiers == ["0", "1", "7"] && identity.index(of: 7) == 2 && !identity.isIntegerIdentity)
    }

    @Test func codableRoundTripForBothRepresentations() throws {
        for map in [IdentifierMap(["z", "y", "x"]), .integers(count: 7), IdentifierMap(), .ascendingIntegers([4, 9, 70])!] {
            let data = try JSONEncoder().encode(map)
            let decoded = try JSONDecoder().decode(IdentifierMap.self, from: data)
            #expect(decoded == map)
            #expect(decoded.isIntegerIdentity == map.isIntegerIdentity)
        }
    }

    @Test func decodingRejectsRepeatedIdentifiersAndNegativeCounts() {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(IdentifierMap.self, from: Data(#"{"identifiers":["a","b","a"]}"#.utf8))
        }
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(IdentifierMap.self, from: Data(#"{"integerCount":-1}"#.utf8))
        }
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(IdentifierMap.self, from: Data(#"{"ascendingIntegers":[4,4]}"#.utf8))
        }
    }
}
