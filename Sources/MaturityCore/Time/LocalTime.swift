import Foundation

/// Conversion of local wall-clock times to instants (metrics.md section 0, "Local times").
public enum LocalTime {
    /// The instant of a local wall-clock time: a time in a spring-forward gap moves forward by the gap, a repeated
    /// time is its earlier instant. `minute` counts from local midnight and may be 1440 (the next midnight); values
    /// outside 0...1440 roll over into neighbouring dates.
    public static func instant(_ date: LocalDate, minute: Int, second: Int = 0, millisecond: Int = 0,
                               in zone: TimeZone) -> Instant {
        let dayOffset = minute >= 0 ? minute / 1440 : -((-minute + 1439) / 1440)
        let days = date.daysSinceEpoch + dayOffset
        let minuteOfDay = minute - dayOffset * 1440
        let localSeconds = Int64(days) * 86_400 + Int64(minuteOfDay * 60 + second)
        return utcSeconds(ofLocalSeconds: localSeconds, in: zone) * 1000 + Int64(millisecond)
    }

    /// The UTC epoch second of local epoch second `local` (seconds since 1970-01-01 00:00 on the local clock).
    static func utcSeconds(ofLocalSeconds local: Int64, in zone: TimeZone) -> Int64 {
        // Fast path. `before` is the zone's offset a day before the local reading, earlier than every instant that
        // can show it (offsets lie within ±14 h). If local − before still has that offset, it shows the reading, and
        // no earlier instant does unless the zone changed offset twice within that day: it is the earliest
        // instant, which is right both for an ordinary time and for a repeated one. Otherwise (a transition lies
        // between, as for a time in a gap), Foundation's Calendar decides.
        let before = offset(zone, atSecond: local - 86_400)
        let candidate = local - before
        if offset(zone, atSecond: candidate) == before {
            return candidate
        }
        return calendarUTCSeconds(ofLocalSeconds: local, in: zone)
    }

    @inline(__always)
    static func offset(_ zone: TimeZone, atSecond second: Int64) -> Int64 {
        Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(second))))
    }

    /// Foundation's resolution (gap: forward by the gap; repeated: the earlier instant).
    static func calendarUTCSeconds(ofLocalSeconds local: Int64, in zone: TimeZone) -> Int64 {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let days = Int(local.floorDivided(by: 86_400))
        let secondOfDay = Int(local - Int64(days) * 86_400)
        let fields = Civil.date(days: days)
        var components = DateComponents()
        components.year = fields.year
        components.month = fields.month
        components.day = fields.day
        components.hour = secondOfDay / 3600
        components.minute = secondOfDay / 60 % 60
        components.second = secondOfDay % 60
        guard let date = calendar.date(from: components) else {
            return local - offset(zone, atSecond: local)
        }
        return Int64(date.timeIntervalSince1970.rounded(.down))
    }
}
