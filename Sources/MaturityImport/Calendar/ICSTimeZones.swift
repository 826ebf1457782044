import CICal
import Foundation
import MaturityCore

/// The zone an iCalendar date-time is read in.
enum ICSZone {
    case utc
    /// An IANA zone, named by the TZID (any case) or through the Windows-name table.
    case zone(TimeZone)
    /// A VTIMEZONE of the file whose TZID names no known zone (`Customized Time Zone`): its own rules, read by
    /// libical.
    case embedded(OpaquePointer)

    /// The zone's offset from UTC at UTC second `utc`, in seconds.
    func offset(atUTC utc: Int64) -> Int64 {
        switch self {
        case .utc: return 0
        case .zone(let zone): return Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(utc))))
        case .embedded(let zone):
            var time = icaltime_from_timet_with_zone(time_t(utc), 0, icaltimezone_get_utc_timezone())
            var daylight: Int32 = 0
            return Int64(icaltimezone_get_utc_offset_of_utc_time(zone, &time, &daylight))
        }
    }

    /// The instant (epoch milliseconds) of local wall-clock second `local` (seconds since 1970-01-01 00:00 on the
    /// local clock), by the spec's rule (metrics section 0): a time in a gap moves forward by the gap, a repeated
    /// time is its earlier instant. libical's own conversion does neither, so it is not used.
    func instant(ofLocal local: Int64) -> Instant {
        switch self {
        case .utc: return local * 1000
        case .zone(let zone):
            let days = Int(local.floorDivided(by: 86_400))
            let second = Int(local - Int64(days) * 86_400)
            return LocalTime.instant(LocalDate(daysSinceEpoch: days), minute: second / 60, second: second % 60, in: zone)
        case .embedded:
            let before = offset(atUTC: local - 86_400)
            let first = local - before
            let firstOffset = offset(atUTC: first)
            if firstOffset == before { return first * 1000 }  // ordinary, or the earlier of a repeated time
            let second = local - firstOffset
            if offset(atUTC: second) == firstOffset { return second * 1000 }  // after a change within the day
            return first * 1000  // in a gap: forward by the gap
        }
    }

    /// The local wall-clock second of instant `utc` (seconds).
    func local(ofUTC utc: Int64) -> Int64 { utc + offset(atUTC: utc) }
}

/// Time-zone names as calendars write them: IANA names in any case, Windows names (through the CLDR
/// windowsZones table in `Resources/windowsZones.tsv`), with stray quotes and blanks around them.
public enum ICSTimeZones {
    /// Windows zone names, lower-cased, to IANA names.
    static let windows: [String: String] = {
        guard let url = Bundle.module.url(forResource: "windowsZones", withExtension: "tsv"),
              let text = try? String(contentsOf: url, encoding: .utf8) else { return [:] }
        var table: [String: String] = [:]
        for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            let parts = line.split(separator: "\t")
            if parts.count == 2 { table[parts[0].lowercased()] = String(parts[1]) }
        }
        return table
    }()

    /// IANA names, lower-cased, to their spelling.
    static let iana: [String: String] = {
        var names: [String: String] = [:]
        for name in TimeZone.knownTimeZoneIdentifiers { names[name.lowercased()] = name }
        return names
    }()

    /// The number of Windows names the table maps.
    public static var windowsNameCount: Int { windows.count }

    /// The IANA zone a TZID names, or nil when it names none (blank, a display name such as
    /// `(UTC-05:00) Eastern Time (US & Canada)`, a custom name).
    public static func zone(named raw: String) -> TimeZone? {
        let name = raw.trimmingCharacters(in: CharacterSet(charactersIn: "\"' \t"))
        guard !name.isEmpty else { return nil }
        let lower = name.lowercased()
        if lower == "utc" || lower == "gmt" || lower == "z" || lower == "etc/utc" { return TimeZone(identifier: "UTC") }
        if let spelled = iana[lower], let zone = TimeZone(identifier: spelled) { return zone }
        if name.contains("/"), let zone = TimeZone(identifier: name) { return zone }  // links such as US/Pacific
        if let mapped = windows[lower], let zone = TimeZone(identifier: mapped) { return zone }
        // Prefixed names (`/mozilla.org/20050126_1/Europe/Berlin`, `/freeassociation.sourceforge.net/Europe/Berlin`).
        let parts = name.split(separator: "/")
        if parts.count > 2 {
            for start in 1..<(parts.count - 1) {
                let tail = parts[start...].joined(separator: "/")
                if let spelled = iana[tail.lowercased()], let zone = TimeZone(identifier: spelled) { return zone }
            }
        }
        return nil
    }
}
