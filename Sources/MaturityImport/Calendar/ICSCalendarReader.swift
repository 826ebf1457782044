import CICal
import Foundation
import MaturityCore

/// One occurrence of a calendar event, as the importers hand it on.
struct ICSOccurrence {
    var meeting: MeetingRecord
    /// Each attendee's answer, and whether it is their own (the calendar is theirs).
    var attendees: [(person: String, response: AttendeeResponse, own: Bool)]
    /// For all-day occurrences: the first and the last local date.
    var dates: (first: LocalDate, last: LocalDate)?
}

/// What reading a file found, for the summary: fallbacks taken, zones read through their own VTIMEZONE.
struct ICSStatistics {
    /// Events per fallback, as the summary says it (`floating times read in X-WR-TIMEZONE America/New_York`).
    var fallbacks: [String: Int] = [:]
    var embeddedZones: [String: Int] = [:]
    /// The UIDs of the recurring series expanded (a series in several exports is one).
    var recurring = Set<String>()
    var occurrences = 0
}

/// Reads the VEVENTs of one iCalendar file through libical and expands their recurrences into occurrences:
/// RRULE (libical's `icalrecur_iterator`, on local wall-clock times, so a series keeps its local time across a
/// DST change), RDATE, EXDATE, RECURRENCE-ID overrides, up to `until` (a local date, included).
struct ICSCalendarReader {
    var until: LocalDate
    /// The zone of `--timezone`, for floating times and unknown TZIDs when the file has no X-WR-TIMEZONE.
    var fallbackZone: TimeZone?
    /// The owner of the calendar when the file or its name says it (an e-mail address): their answers are own answers.
    var ownerHint: String?
    var place: InputLocation

    /// libical calls abort() on errors by default; a file we cannot read must be an error, not a crash.
    private static let setUp: Void = { icalerror_set_errors_are_fatal(0) }()

    /// The time an occurrence starts, in local wall-clock seconds of the event's zone.
    private static let maximumOccurrencesPerSeries = 200_000

    func read(_ bytes: [UInt8], statistics: inout ICSStatistics, sink: RecordSink,
              emit: (ICSOccurrence) throws -> Void) throws {
        _ = Self.setUp
        let text = try ICSText(bytes, place: place)
        for calendar in text.calendars {
            try read(calendar, statistics: &statistics, sink: sink, emit: emit)
        }
    }

    // MARK: One calendar

    private func read(_ calendarText: ICSText.Calendar, statistics: inout ICSStatistics, sink: RecordSink,
                      emit: (ICSOccurrence) throws -> Void) throws {
        var text = calendarText.text
        text.append(0)
        guard let root = text.withUnsafeBufferPointer({ buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { icalparser_parse_string($0) }
        }) else {
            throw ImportError(at: place.atLine(calendarText.line), message: "libical cannot read this calendar",
                              fix: "check that the file is a complete iCalendar export")
        }
        defer { icalcomponent_free(root) }
        var context = Context(root: root, calendar: calendarText, reader: self)
        var events: [EventData] = []
        var index = 0
        var component = icalcomponent_get_first_component(root, ICAL_VEVENT_COMPONENT)
        while let event = component {
            let lines = index < calendarText.events.count ? calendarText.events[index] : nil
            index += 1
            component = icalcomponent_get_next_component(root, ICAL_VEVENT_COMPONENT)
            let location = place.atLine(lines?.line ?? calendarText.line)
            do {
                events.append(try context.eventData(event, location: location))
            } catch let error as ImportError {
                try sink.fail(error)
            }
        }
        // Masters (no RECURRENCE-ID) expand; overrides replace the occurrence they name.
        var overrides: [String: [String: EventData]] = [:]
        var masters: [EventData] = []
        for event in events {
            if let rid = event.recurrenceId {
                overrides[event.uid, default: [:]][context.occurrenceKey(rid, allDay: event.start.isDate), default: event] = event
            } else {
                masters.append(event)
            }
        }
        for master in masters {
            do {
                try context.expand(master, overrides: &overrides, statistics: &statistics, emit: emit)
            } catch let error as ImportError {
                try sink.fail(error)
            }
        }
        // Overrides whose master is not in the file (or that name no generated occurrence): one occurrence each.
        for uid in overrides.keys.sorted() {
            for (key, event) in overrides[uid]!.sorted(by: { $0.key < $1.key }) {
                do {
                    if let occurrence = try context.occurrence(of: event, id: uid + "/" + key,
                                                               series: ICSCalendarReader.seriesId(uid)) {
                        statistics.occurrences += 1
                        try emit(occurrence)
                    }
                } catch let error as ImportError {
                    try sink.fail(error)
                }
            }
        }
        for (reason, count) in context.fallbacks { statistics.fallbacks[reason, default: 0] += count }
        for (zone, count) in context.embedded { statistics.embeddedZones[zone, default: 0] += count }
    }

    /// The series id of a UID: Google's "this and following" splits (`<id>_R20230628T083000@google.com`) belong to
    /// the series they split from (`<id>@google.com`).
    static func seriesId(_ uid: String) -> String {
        guard let marker = uid.range(of: "_R", options: .backwards) else { return uid }
        let rest = uid[marker.upperBound...]
        let digits = rest.prefix { $0.isNumber || $0 == "T" || $0 == "Z" }
        guard digits.count >= 8, digits.prefix(8).allSatisfy(\.isNumber) else { return uid }
        let after = rest.dropFirst(digits.count)
        guard after.isEmpty || after.hasPrefix("@") else { return uid }
        return String(uid[..<marker.lowerBound]) + after
    }
}

/// A date or date-time as written: its fields, whether it is a DATE, UTC, and its TZID parameter.
struct ICSTime {
    var date: LocalDate
    var secondOfDay: Int
    var isDate: Bool
    var isUTC: Bool
    var tzid: String?

    var localSeconds: Int64 { Int64(date.daysSinceEpoch) * 86_400 + Int64(secondOfDay) }

    init(_ time: icaltimetype, tzid: String?) {
        date = LocalDate(year: Int(time.year), month: Int(time.month), day: Int(time.day))
        isDate = time.is_date != 0
        secondOfDay = isDate ? 0 : Int(time.hour) * 3600 + Int(time.minute) * 60 + Int(time.second)
        isUTC = icaltime_is_utc(time) != 0
        self.tzid = tzid
    }
}

/// The values of one VEVENT, copied out of libical.
struct EventData {
    var uid: String
    var line: InputLocation
    var start: ICSTime
    var end: ICSTime?
    var durationSeconds: Int?
    var recurrenceId: ICSTime?
    var rules: [icalrecurrencetype]
    var rdates: [ICSTime]
    var exdates: [ICSTime]
    var summary: String?
    var description: String?
    var notesURL: String?
    var cancelled: Bool
    var free: Bool
    var organizer: String?
    var attendees: [(person: String, response: AttendeeResponse)]
}

extension ICSCalendarReader {
    /// What reading one calendar needs: its libical root (for embedded VTIMEZONEs), its X-WR-TIMEZONE and owner.
    struct Context {
        let root: OpaquePointer
        let calendar: ICSText.Calendar
        let reader: ICSCalendarReader
        let wrZone: TimeZone?
        let owner: String?
        var zoneCache: [String: ICSZone?] = [:]
        var fallbacks: [String: Int] = [:]
        var embedded: [String: Int] = [:]
        /// Event and reason pairs already counted: each fallback is counted once per event.
        var countedEvents = Set<String>()

        init(root: OpaquePointer, calendar: ICSText.Calendar, reader: ICSCalendarReader) {
            self.root = root; self.calendar = calendar; self.reader = reader
            wrZone = calendar.wrTimeZone.flatMap { ICSTimeZones.zone(named: $0) }
            let name = calendar.name?.trimmingCharacters(in: .whitespaces).lowercased()
            if let name, name.contains("@"), !name.contains(" ") { owner = name } else { owner = reader.ownerHint?.lowercased() }
        }

        /// The zone all-day events' instants are given in: the file's, else `--timezone`, else UTC.
        var dayZone: ICSZone {
            if let wrZone { return .zone(wrZone) }
            if let zone = reader.fallbackZone { return .zone(zone) }
            return .utc
        }

        // MARK: Zones

        /// The zone a date-time of `event` is read in; a fallback is counted once per event and reason.
        mutating func zone(of time: ICSTime, event: String, summary: String?, location: InputLocation,
                           counted: inout Set<String>) throws -> ICSZone {
            if time.isUTC { return .utc }
            let reason: String
            if let tzid = time.tzid {
                let name = tzid.trimmingCharacters(in: CharacterSet(charactersIn: "\"' \t"))
                if let cached = zoneCache[name], let zone = cached { return zone }
                if let zone = ICSTimeZones.zone(named: name) {
                    zoneCache[name] = .zone(zone)
                    return .zone(zone)
                }
                if !name.isEmpty, let own = icalcomponent_get_timezone(root, tzid) ?? icalcomponent_get_timezone(root, name) {
                    zoneCache[name] = .embedded(own)
                    if countedEvents.insert(event + "|vtimezone " + name).inserted { embedded[name, default: 0] += 1 }
                    return .embedded(own)
                }
                reason = name.isEmpty ? "a blank TZID" : "TZID '\(name)', which names no known zone"
            } else {
                reason = "floating times"
            }
            if let wrZone {
                let key = "\(reason) read in X-WR-TIMEZONE \(wrZone.identifier)"
                if countedEvents.insert(event + "|" + key).inserted { fallbacks[key, default: 0] += 1 }
                return .zone(wrZone)
            }
            if let zone = reader.fallbackZone {
                let key = "\(reason) read in --timezone \(zone.identifier)"
                if countedEvents.insert(event + "|" + key).inserted { fallbacks[key, default: 0] += 1 }
                return .zone(zone)
            }
            let title = summary.map { " (\($0))" } ?? ""
            throw ImportError(at: location,
                              message: "event \(event)\(title) has \(reason), and the file has no X-WR-TIMEZONE to read them in",
                              fix: "name the zone its times are in with --timezone ZONE (an IANA name such as Europe/Berlin)")
        }

        // MARK: Events

        mutating func eventData(_ event: OpaquePointer, location: InputLocation) throws -> EventData {
            let uidText = icalcomponent_get_uid(event).map { String(cString: $0) }?
                .trimmingCharacters(in: .whitespaces) ?? ""
            guard let startProperty = icalcomponent_get_first_property(event, ICAL_DTSTART_PROPERTY) else {
                let name = uidText.isEmpty ? "an event" : "event \(uidText)"
                throw ImportError(at: location, message: "\(name) has no DTSTART",
                                  fix: "give every VEVENT a DTSTART, or remove the event from the file")
            }
            let start = ICSTime(icalproperty_get_dtstart(startProperty), tzid: Self.tzid(startProperty))
            let uid = uidText.isEmpty ? "no-uid-line-\(location.line ?? 0)" : uidText
            var data = EventData(uid: uid, line: location, start: start, end: nil, durationSeconds: nil,
                                 recurrenceId: nil, rules: [], rdates: [], exdates: [], summary: nil,
                                 description: nil, notesURL: nil, cancelled: false, free: false, organizer: nil,
                                 attendees: [])
            if let property = icalcomponent_get_first_property(event, ICAL_DTEND_PROPERTY) {
                data.end = ICSTime(icalproperty_get_dtend(property), tzid: Self.tzid(property))
            } else if let property = icalcomponent_get_first_property(event, ICAL_DURATION_PROPERTY) {
                data.durationSeconds = Int(icaldurationtype_as_int(icalproperty_get_duration(property)))
            }
            if let property = icalcomponent_get_first_property(event, ICAL_RECURRENCEID_PROPERTY) {
                data.recurrenceId = ICSTime(icalproperty_get_recurrenceid(property), tzid: Self.tzid(property))
            }
            Self.each(event, ICAL_RRULE_PROPERTY) { data.rules.append(icalproperty_get_rrule($0)) }
            Self.each(event, ICAL_RDATE_PROPERTY) { property in
                let value = icalproperty_get_rdate(property)
                let time = icaltime_is_null_time(value.time) != 0 ? value.period.start : value.time
                if icaltime_is_null_time(time) == 0 { data.rdates.append(ICSTime(time, tzid: Self.tzid(property))) }
            }
            Self.each(event, ICAL_EXDATE_PROPERTY) { property in
                data.exdates.append(ICSTime(icalproperty_get_exdate(property), tzid: Self.tzid(property)))
            }
            data.summary = icalcomponent_get_summary(event).map { String(cString: $0) }
            data.description = icalcomponent_get_description(event).map { String(cString: $0) }
            if let property = icalcomponent_get_first_property(event, ICAL_STATUS_PROPERTY) {
                data.cancelled = Self.value(property)?.uppercased() == "CANCELLED"
            }
            if let property = icalcomponent_get_first_property(event, ICAL_TRANSP_PROPERTY) {
                data.free = Self.value(property)?.uppercased() == "TRANSPARENT"
            }
            if let property = icalcomponent_get_first_property(event, ICAL_URL_PROPERTY),
               let url = icalproperty_get_url(property) {
                data.notesURL = String(cString: url)
            }
            if data.notesURL == nil {
                Self.each(event, ICAL_ATTACH_PROPERTY) { property in
                    guard data.notesURL == nil, let attach = icalproperty_get_attach(property),
                          icalattach_get_is_url(attach) != 0, let url = icalattach_get_url(attach) else { return }
                    let text = String(cString: url)
                    if text.lowercased().hasPrefix("http") { data.notesURL = text }
                }
            }
            if let property = icalcomponent_get_first_property(event, ICAL_ORGANIZER_PROPERTY),
               let value = icalproperty_get_organizer(property), let person = Self.person(String(cString: value)),
               !Self.isCalendarAddress(person) {
                data.organizer = person
            }
            Self.each(event, ICAL_ATTENDEE_PROPERTY) { property in
                guard let value = icalproperty_get_attendee(property),
                      let person = Self.person(String(cString: value)), !Self.isCalendarAddress(person) else { return }
                let kind = Self.parameter(property, "CUTYPE")?.uppercased()
                if kind == "ROOM" || kind == "RESOURCE" || kind == "GROUP" { return }
                let response: AttendeeResponse
                switch Self.parameter(property, "PARTSTAT")?.uppercased() {
                case "ACCEPTED": response = .accepted
                case "TENTATIVE": response = .tentative
                case "DECLINED": response = .declined
                default: response = .needsAction
                }
                data.attendees.append((person, response))
            }
            return data
        }

        static func each(_ component: OpaquePointer, _ kind: icalproperty_kind, _ body: (OpaquePointer) -> Void) {
            var property = icalcomponent_get_first_property(component, kind)
            while let current = property {
                body(current)
                property = icalcomponent_get_next_property(component, kind)
            }
        }

        static func parameter(_ property: OpaquePointer, _ name: String) -> String? {
            icalproperty_get_parameter_as_string(property, name).map { String(cString: $0) }
        }

        static func tzid(_ property: OpaquePointer) -> String? { parameter(property, "TZID") }

        static func value(_ property: OpaquePointer) -> String? {
            icalproperty_get_value_as_string(property).map { String(cString: $0) }
        }

        /// The e-mail address of a `mailto:` value (any case), nil for others.
        static func person(_ value: String) -> String? {
            let trimmed = value.trimmingCharacters(in: .whitespaces)
            guard trimmed.lowercased().hasPrefix("mailto:") else { return nil }
            let address = trimmed.dropFirst("mailto:".count).trimmingCharacters(in: .whitespaces)
            return address.contains("@") ? address : nil
        }

        /// Google's calendar addresses (a shared calendar's own, rooms, imported calendars) are not people.
        static func isCalendarAddress(_ address: String) -> Bool {
            address.lowercased().hasSuffix("calendar.google.com")
        }

        // MARK: Occurrences

        /// The id part an occurrence has after its UID: its start in UTC (`20230628T083000Z`), or its date for
        /// all-day events. Both copies of a meeting in two people's exports give the same key whatever zone each
        /// exporter wrote the RECURRENCE-ID in.
        mutating func occurrenceKey(_ time: ICSTime, allDay: Bool) -> String {
            // An all-day occurrence is named by its date as written, even when Exchange writes the RECURRENCE-ID as
            // the local midnight of a zone (`RECURRENCE-ID;TZID=W. Europe Standard Time:20260226T000000`).
            if allDay || time.isDate { return Self.basic(time.date) }
            var counted = Set<String>()
            let zone = (try? zone(of: time, event: "", summary: nil, location: reader.place, counted: &counted)) ?? dayZone
            return Self.basicUTC(zone.instant(ofLocal: time.localSeconds))
        }

        static func basic(_ date: LocalDate) -> String {
            String(format: "%04d%02d%02d", date.year, date.month, date.day)
        }

        static func basicUTC(_ instant: Instant) -> String {
            let seconds = instant.floorDivided(by: 1000)
            let days = Int(seconds.floorDivided(by: 86_400))
            let second = Int(seconds - Int64(days) * 86_400)
            return basic(LocalDate(daysSinceEpoch: days))
                + String(format: "T%02d%02d%02dZ", second / 3600, second / 60 % 60, second % 60)
        }

        /// Expands one master event: its generated occurrences, each replaced by its override when there is one.
        mutating func expand(_ master: EventData, overrides: inout [String: [String: EventData]],
                             statistics: inout ICSStatistics, emit: (ICSOccurrence) throws -> Void) throws {
            let recurring = !master.rules.isEmpty || !master.rdates.isEmpty
            guard recurring else {
                if let occurrence = try occurrence(of: master, id: master.uid, series: nil) {
                    statistics.occurrences += 1
                    try emit(occurrence)
                }
                return
            }
            statistics.recurring.insert(master.uid)
            var counted = Set<String>()
            let allDay = master.start.isDate
            let zone = allDay ? dayZone : try zone(of: master.start, event: master.uid, summary: master.summary,
                                                   location: master.line, counted: &counted)
            let cutoff = Int64(reader.until.adding(days: 1).daysSinceEpoch) * 86_400
            // With a rule, the occurrences are what libical's iterator gives (DTSTART first when the rule allows
            // it): a Google series whose UNTIL lies before its DTSTART was cut to nothing, and has none.
            let startInstant = zone.instant(ofLocal: master.start.localSeconds) / 1000
            let cutToNothing = master.rules.contains { rule in
                guard icaltime_is_null_time(rule.until) == 0 else { return false }
                let until = ICSTime(rule.until, tzid: nil)
                if until.isUTC { return until.localSeconds < startInstant }
                return until.localSeconds < master.start.localSeconds  // a DATE UNTIL of a timed series: its midnight
            }
            var starts = cutToNothing ? Set<Int64>() : Set<Int64>([master.start.localSeconds])
            for rule in master.rules {
                try generate(rule, master: master, zone: zone, cutoff: cutoff, into: &starts)
            }
            for rdate in master.rdates {
                starts.insert(try local(rdate, in: zone, master: master, counted: &counted))
            }
            for exdate in master.exdates {
                if exdate.isDate && !allDay {
                    let day = Int64(exdate.date.daysSinceEpoch) * 86_400
                    starts = starts.filter { $0 < day || $0 >= day + 86_400 }
                } else {
                    let excluded = try local(exdate, in: zone, master: master, counted: &counted)
                    starts.remove(excluded)
                    // An EXDATE removes the occurrence even when an override names it (RFC 5545: the recurrence
                    // set excludes it; python recurring-ical-events agrees).
                    let key = allDay ? Self.basic(LocalDate(daysSinceEpoch: Int(excluded.floorDivided(by: 86_400))))
                                     : Self.basicUTC(zone.instant(ofLocal: excluded))
                    overrides[master.uid]?.removeValue(forKey: key)
                }
            }
            let series = ICSCalendarReader.seriesId(master.uid)
            let length = try duration(of: master, zone: zone, counted: &counted)
            for start in starts.sorted() where start < cutoff {
                let key = allDay ? Self.basic(LocalDate(daysSinceEpoch: Int(start.floorDivided(by: 86_400))))
                                 : Self.basicUTC(zone.instant(ofLocal: start))
                let id = master.uid + "/" + key
                if let override = overrides[master.uid]?.removeValue(forKey: key) {
                    if let occurrence = try occurrence(of: override, id: id, series: series) {
                        statistics.occurrences += 1
                        try emit(occurrence)
                    }
                    continue
                }
                var event = master
                event.start.date = LocalDate(daysSinceEpoch: Int(start.floorDivided(by: 86_400)))
                event.start.secondOfDay = Int(start - Int64(event.start.date.daysSinceEpoch) * 86_400)
                if let occurrence = try occurrence(of: event, id: id, series: series, startZone: zone,
                                                   duration: length) {
                    statistics.occurrences += 1
                    try emit(occurrence)
                }
            }
        }

        /// A date or date-time of `master`'s recurrence set (RDATE, EXDATE) as a local second of its zone.
        mutating func local(_ time: ICSTime, in zone: ICSZone, master: EventData, counted: inout Set<String>) throws -> Int64 {
            if master.start.isDate || time.isDate { return Int64(time.date.daysSinceEpoch) * 86_400 }
            if time.isUTC || time.tzid != nil {
                let own = try self.zone(of: time, event: master.uid, summary: master.summary, location: master.line,
                                        counted: &counted)
                return zone.local(ofUTC: own.instant(ofLocal: time.localSeconds).floorDivided(by: 1000))
            }
            return time.localSeconds  // floating: the series' own zone
        }

        /// Runs libical's recurrence iterator on local wall-clock times (the series' zone is applied afterwards).
        func generate(_ rule: icalrecurrencetype, master: EventData, zone: ICSZone, cutoff: Int64,
                      into starts: inout Set<Int64>) throws {
            var rule = rule
            let allDay = master.start.isDate
            if icaltime_is_null_time(rule.until) == 0 {
                let until = ICSTime(rule.until, tzid: nil)
                var local = until.localSeconds
                if until.isUTC && !allDay {
                    local = zone.local(ofUTC: until.localSeconds)
                } else if until.isUTC && allDay {
                    // Exchange writes the UNTIL of an all-day series as the local midnight of its last day, in
                    // UTC: the nearest midnight is that day, whatever the zone.
                    local = ((until.localSeconds + 43_200).floorDivided(by: 86_400)) * 86_400
                }
                rule.until = Self.floating(local, isDate: allDay)
            }
            let start = Self.floating(master.start.localSeconds, isDate: allDay)
            guard let iterator = icalrecur_iterator_new(rule, start) else {
                return  // a rule libical refuses: DTSTART alone (it is already in `starts`)
            }
            defer { icalrecur_iterator_free(iterator) }
            var count = 0
            while count < ICSCalendarReader.maximumOccurrencesPerSeries {
                let next = icalrecur_iterator_next(iterator)
                if icaltime_is_null_time(next) != 0 { break }
                let time = ICSTime(next, tzid: nil)
                if time.localSeconds >= cutoff { break }
                starts.insert(time.localSeconds)
                count += 1
            }
        }

        static func floating(_ local: Int64, isDate: Bool) -> icaltimetype {
            var time = icaltime_null_time()
            let days = Int(local.floorDivided(by: 86_400))
            let date = LocalDate(daysSinceEpoch: days)
            let second = Int(local - Int64(days) * 86_400)
            time.year = Int32(date.year); time.month = Int32(date.month); time.day = Int32(date.day)
            if isDate {
                time.is_date = 1
            } else {
                time.hour = Int32(second / 3600); time.minute = Int32(second / 60 % 60); time.second = Int32(second % 60)
            }
            time.zone = nil
            return time
        }

        /// The length of an event: milliseconds for timed events, days × 86,400,000 for all-day ones.
        mutating func duration(of event: EventData, zone: ICSZone, counted: inout Set<String>) throws -> Int64 {
            if event.start.isDate {
                if let end = event.end { return Int64(max(1, event.start.date.days(to: end.date))) * 86_400_000 }
                if let seconds = event.durationSeconds { return Int64(max(1, seconds / 86_400)) * 86_400_000 }
                return 86_400_000
            }
            if let end = event.end {
                let endZone = end.isUTC || end.tzid != nil
                    ? try self.zone(of: end, event: event.uid, summary: event.summary, location: event.line, counted: &counted)
                    : zone
                let endInstant = endZone.instant(ofLocal: end.isDate ? Int64(end.date.daysSinceEpoch) * 86_400 : end.localSeconds)
                return max(0, endInstant - zone.instant(ofLocal: event.start.localSeconds))
            }
            return Int64(event.durationSeconds ?? 0) * 1000
        }

        /// The occurrence of `event` starting at its DTSTART (for a generated one, the generated start).
        mutating func occurrence(of event: EventData, id: String, series: String?, startZone: ICSZone? = nil,
                                 duration: Int64? = nil) throws -> ICSOccurrence? {
            var counted = Set<String>()
            let allDay = event.start.isDate
            let zone = try startZone ?? (allDay ? dayZone : self.zone(of: event.start, event: event.uid,
                                                                      summary: event.summary, location: event.line,
                                                                      counted: &counted))
            guard event.start.date <= reader.until else { return nil }
            let start = zone.instant(ofLocal: event.start.localSeconds)
            let length = try duration ?? self.duration(of: event, zone: zone, counted: &counted)
            var dates: (LocalDate, LocalDate)?
            if allDay {
                let days = Int(max(1, length / 86_400_000))
                dates = (event.start.date, event.start.date.adding(days: days - 1))
            }
            let end = allDay ? zone.instant(ofLocal: Int64(event.start.date.adding(days: Int(length / 86_400_000)).daysSinceEpoch) * 86_400)
                             : start + length
            let meeting = MeetingRecord(meetingId: id, title: event.summary, start: start, end: end,
                                        organizer: event.organizer, seriesId: series, allDay: allDay,
                                        cancelled: event.cancelled, free: event.free, notesURL: event.notesURL,
                                        description: event.description, location: event.line)
            let attendees = event.attendees.map { ($0.person, $0.response, owner == $0.person.lowercased()) }
            return ICSOccurrence(meeting: meeting, attendees: attendees, dates: dates)
        }
    }
}
