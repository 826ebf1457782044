import Foundation

/// Where importers put what they read. Importers know nothing of SQL: they hand domain values to a sink. In an
/// import session the sink is the domain checks (`RecordChecks`), which validate each record, derive its text
/// features, drop its text unless the session keeps text, and pass it on to the store's sink.
public protocol RecordSink: AnyObject {
    func add(_ person: PersonRecord) throws
    func add(_ message: MessageRecord) throws
    func add(_ item: WorkItemRecord) throws
    func add(_ event: WorkItemEventRecord) throws
    func add(_ meeting: MeetingRecord) throws
    func add(_ attendance: AttendanceRecord) throws
    func add(_ timeOff: TimeOffRecord) throws
    func add(_ holiday: HolidayRecord) throws
    /// Reports a warning (shown at the end of the import and kept in the import run).
    func warn(_ warning: ImportWarning)
    /// Counts records passed over, with the reason (the summary shows a count per reason).
    func skip(reason: String)
    /// Reports an error in one record that does not stop the reading: the importer goes on with the next
    /// record, so one pass finds every error of an input. The session's checks collect them (and throw once
    /// `--max-errors` are collected); nothing of the input is written when there was one. By default the
    /// error is thrown at once.
    func fail(_ error: ImportError) throws
    /// Adds a note to the summary: what the input holds, said to the user (`note: …` lines; not a warning). By
    /// default notes are dropped.
    func note(_ text: String)
}

extension RecordSink {
    public func fail(_ error: ImportError) throws { throw error }
    public func note(_ text: String) {}

    /// A sink that takes no days off (a sink for one kind of record) refuses them.
    public func add(_ timeOff: TimeOffRecord) throws {
        throw ImportError(at: timeOff.location, message: "time off cannot be written here",
                          fix: "import time off with maturity import time-off FILE")
    }

    public func add(_ holiday: HolidayRecord) throws {
        throw ImportError(at: holiday.location, message: "holidays cannot be written here",
                          fix: "import holidays with maturity import holidays FILE")
    }

    /// Reports a warning at a location.
    public func warn(_ message: String, at location: InputLocation?) { warn(ImportWarning(message, at: location)) }
}
