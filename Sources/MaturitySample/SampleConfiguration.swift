import Foundation

/// What the sample generator produces: a fictional distributed company ("Orbit Labs") over consecutive quarters.
///
/// The same configuration always gives the same bytes.
public struct SampleConfiguration: Sendable, Equatable {
    /// Seed of the pseudo-random generator; the only source of variation.
    public var seed: UInt64
    /// Number of human people in the directory (at least 5, one per team). Two bots are added on top.
    public var people: Int
    /// The first quarter, `YYYYQn` (`2026Q2`); quarters start at midnight in `Europe/Berlin`.
    public var firstQuarter: String
    /// Number of consecutive quarters covered (1 to 8).
    public var quarters: Int
    /// `nil` for the natural volume (about 15,000 messages for 40 people and two quarters); otherwise exactly
    /// this many rows in `messages.csv`, spread evenly over the weeks (for benchmarks).
    public var messages: Int?
    /// Multiplies the rate of ad-hoc meetings, focus blocks and other one-off calendar rows (recurring series
    /// keep their cadence).
    public var meetingsScale: Double
    /// `nil` for the natural volume; otherwise exactly this many rows in `work_items.csv`.
    public var workItems: Int?
    /// Whether some teams' calendars are written as per-person `.ics` exports (natural volume only); false keeps
    /// every meeting in `meetings.csv` (tests compare the two).
    public var calendarExports = true

    /// Creates a configuration; every argument has the default of the committed sample dataset.
    public init(seed: UInt64 = 1, people: Int = 40, firstQuarter: String = "2026Q2", quarters: Int = 2,
                messages: Int? = nil, meetingsScale: Double = 1, workItems: Int? = nil) {
        self.seed = seed
        self.people = people
        self.firstQuarter = firstQuarter
        self.quarters = quarters
        self.messages = messages
        self.meetingsScale = meetingsScale
        self.workItems = workItems
    }
}

/// What the generator wrote.
public struct SampleSummary: Sendable, Equatable {
    /// File name (`messages.csv`) to the number of data rows written (the header not counted).
    public var files: [String: Int]

    /// Creates a summary.
    public init(files: [String: Int]) { self.files = files }
}

/// A configuration the generator cannot honour, or a file it cannot write.
public struct SampleError: Error, Equatable, CustomStringConvertible {
    /// What is wrong and how to fix it.
    public let message: String

    /// Creates an error with its message.
    public init(_ message: String) { self.message = message }

    public var description: String { message }
}

extension SampleConfiguration {
    /// Throws a `SampleError` naming the first field that is out of range.
    func validate() throws(SampleError) {
        guard people >= 5, people <= 5_000 else {
            throw SampleError("people must be between 5 and 5000 (one per team at least), got \(people)")
        }
        guard quarters >= 1, quarters <= 8 else {
            throw SampleError("quarters must be between 1 and 8, got \(quarters)")
        }
        guard QuarterName.parse(firstQuarter) != nil else {
            throw SampleError("firstQuarter must look like 2026Q2 (year 1971-9998, quarter 1-4), got '\(firstQuarter)'")
        }
        if let messages, messages < 0 || messages > 500_000_000 {
            throw SampleError("messages must be between 0 and 500000000, got \(messages)")
        }
        if let workItems, workItems < 0 || workItems > 50_000_000 {
            throw SampleError("workItems must be between 0 and 50000000, got \(workItems)")
        }
        guard meetingsScale.isFinite, meetingsScale >= 0, meetingsScale <= 1_000 else {
            throw SampleError("meetingsScale must be a number between 0 and 1000, got \(meetingsScale)")
        }
    }
}

/// A quarter name `YYYYQn`.
struct QuarterName: Equatable {
    var year: Int
    var quarter: Int

    /// Parses `2026Q2` (also `2026q2`); nil for anything else.
    static func parse(_ text: String) -> QuarterName? {
        let bytes = Array(text.utf8)
        guard bytes.count == 6, bytes[4] == UInt8(ascii: "Q") || bytes[4] == UInt8(ascii: "q") else { return nil }
        var year = 0
        for byte in bytes[0..<4] {
            guard byte >= 48, byte <= 57 else { return nil }
            year = year * 10 + Int(byte - 48)
        }
        let quarter = Int(bytes[5]) - 48
        guard (1...4).contains(quarter), year >= 1971, year <= 9998 else { return nil }
        return QuarterName(year: year, quarter: quarter)
    }
}
