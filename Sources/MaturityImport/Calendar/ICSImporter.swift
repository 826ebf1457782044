import Foundation
import MaturityCore
import ZIPFoundation

/// iCalendar exports (Google, Outlook/Exchange/Office 365, Apple/iCloud): one `.ics` file, or a ZIP of them as
/// Google Takeout writes it. Every occurrence of every event is one meeting (recurrences expanded up to
/// `until`), with its attendees. The same meeting comes in every attendee's export: keys are the UID and the
/// occurrence's start (`ics:meeting:<uid>/<start in UTC>`), so the copies are one row (`.merge`), and each
/// person's own calendar is the authority for their own answer. Documentation/Importers.md, "iCalendar".
public struct ICSImporter: Importer {
    public static let format = ImportFormat(id: "ics", name: "iCalendar (.ics)", keySource: "ics", mainEntity: .meeting,
                                            recordNoun: "events", repeatedIds: .merge)
    public var format: ImportFormat { Self.format }

    /// The last local day series are expanded to.
    public var until: LocalDate
    /// Whether `until` was given (`--until`) or is the default (the end of the current quarter): the summary says which.
    public var untilIsDefault: Bool
    /// The zone of `--timezone`, for floating times and unknown zones when a file has no X-WR-TIMEZONE.
    public var timeZone: TimeZone?

    public init(until: LocalDate? = nil, timeZone: TimeZone? = nil, today: Date = Date()) {
        self.until = until ?? Self.endOfQuarter(containing: today)
        untilIsDefault = until == nil
        self.timeZone = timeZone
    }

    /// The last day of the quarter holding `date` (UTC).
    public static func endOfQuarter(containing date: Date) -> LocalDate {
        let today = LocalDate(daysSinceEpoch: Int((date.timeIntervalSince1970 / 86_400).rounded(.down)))
        let lastMonth = ((today.month - 1) / 3) * 3 + 3
        let next = lastMonth == 12 ? LocalDate(year: today.year + 1, month: 1, day: 1)
                                   : LocalDate(year: today.year, month: lastMonth + 1, day: 1)
        return next.adding(days: -1)
    }

    public func read(_ input: ImportInput, into sink: RecordSink) throws -> Int {
        var count = 0
        var series = Set<String>()
        try ICSFiles.each(input) { bytes, place, owner in
            var statistics = ICSStatistics()
            defer { series.formUnion(statistics.recurring) }
            let reader = ICSCalendarReader(until: until, fallbackZone: timeZone, ownerHint: owner, place: place)
            try reader.read(bytes, statistics: &statistics, sink: sink) { occurrence in
                try sink.add(occurrence.meeting)
                count += 1
                for attendee in occurrence.attendees {
                    try sink.add(AttendanceRecord(meetingId: occurrence.meeting.meetingId, person: attendee.person,
                                                  response: attendee.response, location: occurrence.meeting.location,
                                                  ownAnswer: attendee.own))
                }
            }
            report(statistics, place: place, into: sink)
        }
        // How far series were expanded, once for the whole input (a folder or a ZIP holds many calendars): a
        // warning when it is the default, which depends on today's date.
        if !series.isEmpty {
            let text = "\(series.count) recurring series expanded up to \(until)"
            if untilIsDefault {
                sink.warn(ImportWarning(text + " (the end of the current quarter; set it with --until DATE)",
                                        at: InputLocation(file: input.path)))
            } else {
                sink.note(text + " (--until)")
            }
        }
        return count
    }

    /// The zone fallbacks of one calendar file, counted: each names the file.
    private func report(_ statistics: ICSStatistics, place: InputLocation, into sink: RecordSink) {
        for (reason, events) in statistics.fallbacks.sorted(by: { $0.key < $1.key }) {
            sink.warn(ImportWarning("\(events) event\(events == 1 ? "" : "s") with \(reason)",
                                    at: InputLocation(file: place.file, entry: place.entry)))
        }
        for (zone, events) in statistics.embeddedZones.sorted(by: { $0.key < $1.key }) {
            sink.warn(ImportWarning("\(events) event\(events == 1 ? "" : "s") in zone '\(zone)', which names no known "
                + "zone, read through the file's own VTIMEZONE", at: InputLocation(file: place.file, entry: place.entry)))
        }
    }
}

/// The calendar files of an input: the file itself, or every `.ics` entry of a ZIP (Google Takeout), each with
/// the calendar owner its name suggests (Takeout names a primary calendar by its address: `ana@example.com.ics`).
enum ICSFiles {
    static func each(_ input: ImportInput, _ body: ([UInt8], InputLocation, String?) throws -> Void) throws {
        guard input.file != nil else {
            // A folder: its `.ics` files, in name order (one calendar export per person, or an unpacked Takeout).
            let files = calendarFiles(in: input.url)
            if files.isEmpty {
                throw ImportError(at: InputLocation(file: input.path), message: "the folder holds no .ics file",
                                  fix: "name a folder of calendar exports (.ics files at its top level)")
            }
            for url in files {
                let data: Data
                do { data = try Data(contentsOf: url) } catch {
                    throw ImportError(at: InputLocation(file: url.path), message: "cannot read the file",
                                      fix: "check that it is readable")
                }
                try body([UInt8](data), InputLocation(file: url.path), owner(fromName: url.path))
            }
            return
        }
        let stream = try input.stream()
        let head = try stream.read(upToCount: 4)
        if head.starts(with: [0x50, 0x4B]) {
            _ = try stream.sha256()  // the session's fingerprint: the archive's bytes
            let archive: Archive
            do { archive = try Archive(url: input.url, accessMode: .read) } catch {
                throw ImportError(at: InputLocation(file: input.path), message: "cannot read the ZIP archive: \(error)",
                                  fix: "check that the file is a complete ZIP (a Google Takeout calendar export)")
            }
            var found = 0
            for entry in archive.sorted(by: { $0.path < $1.path })
            where entry.type == .file && entry.path.lowercased().hasSuffix(".ics") {
                var bytes: [UInt8] = []
                do { _ = try archive.extract(entry, skipCRC32: false) { bytes.append(contentsOf: $0) } } catch {
                    throw ImportError(at: InputLocation(file: input.path, entry: entry.path),
                                      message: "cannot read this entry of the archive: \(error)", fix: "check the archive")
                }
                found += 1
                try body(bytes, InputLocation(file: input.path, entry: entry.path), owner(fromName: entry.path))
            }
            if found == 0 {
                throw ImportError(at: InputLocation(file: input.path), message: "the archive holds no .ics file",
                                  fix: "name a calendar export (Google Takeout's Calendar ZIP, or an .ics file)")
            }
            return
        }
        var data = head
        while true {
            let block = try stream.read(upToCount: 1 << 20)
            if block.isEmpty { break }
            data.append(block)
        }
        try body([UInt8](data), InputLocation(file: input.path), owner(fromName: input.path))
    }

    /// The `.ics` files at the top level of a folder (any case of the extension, hidden files left out), by name.
    static func calendarFiles(in folder: URL) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { !$0.hasPrefix(".") && $0.lowercased().hasSuffix(".ics") }.sorted()
            .map { folder.appendingPathComponent($0) }
    }

    /// `ana@example.com.ics` → `ana@example.com`.
    static func owner(fromName path: String) -> String? {
        var name = URL(fileURLWithPath: path).lastPathComponent
        if name.lowercased().hasSuffix(".ics") { name = String(name.dropLast(4)) }
        return name.contains("@") && !name.contains(" ") ? name : nil
    }
}

/// A public-holiday calendar in iCalendar form (`maturity import holidays --calendar NAME FILE.ics`): every
/// date its all-day events cover (recurrences expanded up to `until`) is a holiday of calendar `calendar`.
public struct ICSHolidaysImporter: Importer {
    public var format: ImportFormat {
        ImportFormat(id: "holidays-ics", name: "holiday calendar (.ics)", keySource: "ics", mainEntity: .holiday,
                     recordNoun: "events", repeatedIds: .merge)
    }

    public var calendar: String
    public var until: LocalDate

    public init(calendar: String, until: LocalDate? = nil, today: Date = Date()) {
        self.calendar = calendar
        // Holiday calendars run years ahead: by default to the end of next year.
        self.until = until ?? LocalDate(year: LocalDate(daysSinceEpoch: Int(today.timeIntervalSince1970 / 86_400)).year + 1,
                                        month: 12, day: 31)
    }

    public func read(_ input: ImportInput, into sink: RecordSink) throws -> Int {
        var count = 0
        var seen = Set<LocalDate>()
        try ICSFiles.each(input) { bytes, place, _ in
            var statistics = ICSStatistics()
            let reader = ICSCalendarReader(until: until, fallbackZone: TimeZone(identifier: "UTC"), ownerHint: nil,
                                           place: place)
            try reader.read(bytes, statistics: &statistics, sink: sink) { occurrence in
                count += 1
                guard let dates = occurrence.dates else {
                    sink.skip(reason: "events with a time of day (holidays are all-day events)")
                    return
                }
                guard !occurrence.meeting.cancelled else {
                    sink.skip(reason: "cancelled events")
                    return
                }
                var day = dates.first
                while day <= dates.last {
                    if seen.insert(day).inserted {
                        try sink.add(HolidayRecord(calendar: calendar, date: day, name: occurrence.meeting.title,
                                                   location: occurrence.meeting.location))
                    }
                    day = day.adding(days: 1)
                }
            }
        }
        return count
    }
}

/// iCalendar files and Google Takeout ZIPs of them, recognised by content: a file that begins with
/// `BEGIN:VCALENDAR`, or a ZIP whose entries include `.ics` files.
struct ICSRecogniser: FormatRecogniser {
    var formats: [ImportFormat] { [ICSImporter.format] }

    var description: String { "iCalendar (a file that begins with BEGIN:VCALENDAR, a ZIP or a folder of .ics files)" }

    func recognise(_ url: URL, isDirectory: Bool, head: Data, options: ImportOptions) -> RecognisedInput? {
        let importer = ICSImporter(until: options.until, timeZone: options.timeZone)
        if isDirectory {
            // A folder of calendar exports: .ics files and nothing else a format would claim (a README may sit
            // beside them).
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).filter { !$0.hasPrefix(".") }
            let calendars = names.filter { $0.lowercased().hasSuffix(".ics") }
            let others = names.filter { !$0.lowercased().hasSuffix(".ics") && !$0.lowercased().hasPrefix("readme") }
            guard !calendars.isEmpty, others.isEmpty else { return nil }
            return RecognisedInput(url: url, importer: importer,
                                   reason: "iCalendar (a folder of \(calendars.count) .ics file\(calendars.count == 1 ? "" : "s"))")
        }
        if ICSText.looksLikeICS(head) {
            return RecognisedInput(url: url, importer: importer, reason: "iCalendar (by its BEGIN:VCALENDAR)")
        }
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]), let archive = try? Archive(url: url, accessMode: .read),
           archive.contains(where: { $0.type == .file && $0.path.lowercased().hasSuffix(".ics") }) {
            return RecognisedInput(url: url, importer: importer, reason: "iCalendar (a ZIP of .ics files)")
        }
        return nil
    }
}
