import Foundation
import MaturityCore

/// Milliseconds in common units.
enum Millis {
    static let second: Int64 = 1_000
    static let minute: Int64 = 60_000
    static let hour: Int64 = 3_600_000
    static let day: Int64 = 86_400_000
    static let week: Int64 = 604_800_000
}

/// UTC offsets of one IANA zone, sampled per UTC hour over the generated span (every zone the sample uses
/// changes its offset on a whole UTC hour). Offsets come from Foundation's `TimeZone` once; lookups are an
/// array index, so formatting two million timestamps stays cheap.
final class ZoneOffsets: Sendable {
    let identifier: String
    private let firstHour: Int64
    private let offsets: [Int32]

    init(identifier: String, from start: Int64, to end: Int64) throws(SampleError) {
        guard let zone = TimeZone(identifier: identifier) else {
            throw SampleError("time zone \(identifier) is not known to this system's time-zone database")
        }
        self.identifier = identifier
        let firstHour = start.floorDivided(by: Millis.hour)
        let lastHour = end.floorDivided(by: Millis.hour) + 1
        var offsets = [Int32]()
        offsets.reserveCapacity(Int(lastHour - firstHour + 1))
        var hour = firstHour
        func offset(atHour hour: Int64) -> Int32 {
            Int32(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(hour * 3_600))))
        }
        while hour <= lastHour {
            let chunkEnd = min(hour + 24, lastHour + 1)
            let first = offset(atHour: hour)
            if offset(atHour: chunkEnd - 1) == first {
                offsets.append(contentsOf: repeatElement(first, count: Int(chunkEnd - hour)))
            } else {
                for h in hour..<chunkEnd { offsets.append(offset(atHour: h)) }
            }
            hour = chunkEnd
        }
        self.firstHour = firstHour
        self.offsets = offsets
    }

    /// Seconds east of UTC at instant t (clamped to the sampled span).
    func seconds(at t: Int64) -> Int {
        let index = t.floorDivided(by: Millis.hour) - firstHour
        if index < 0 { return Int(offsets[0]) }
        if index >= Int64(offsets.count) { return Int(offsets[offsets.count - 1]) }
        return Int(offsets[Int(index)])
    }

    /// The local wall-clock milliseconds (since the local epoch) of instant t.
    func local(_ t: Int64) -> Int64 { t + Int64(seconds(at: t)) * Millis.second }

    /// The instant of a local wall-clock time; a time in a spring-forward gap moves forward by the gap, a
    /// repeated time takes its earlier instant (as the metrics spec reads local times).
    func instant(local wallClock: Int64) -> Int64 {
        let before = Int64(seconds(at: wallClock - Millis.day)) * Millis.second
        let after = Int64(seconds(at: wallClock + Millis.day)) * Millis.second
        let early = wallClock - before
        if local(early) == wallClock { return early }
        let late = wallClock - after
        if local(late) == wallClock { return late }
        return wallClock - before  // in a gap: the earlier offset moves the time forward by the gap
    }

    /// The instant of `minute` (may exceed 1440) on local day number `day`.
    func instant(day: Int, minute: Int) -> Int64 {
        instant(local: Int64(day) * Millis.day + Int64(minute) * Millis.minute)
    }

    /// The local day number of instant t.
    func day(of t: Int64) -> Int { Int(local(t).floorDivided(by: Millis.day)) }
}
