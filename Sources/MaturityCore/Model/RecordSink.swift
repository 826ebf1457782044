import Foundation

/// Where importers put what they read. Importers know nothing of SQL: they hand domain values to a sink,
/// and the store's sink writes them inside the import's transaction.
public protocol RecordSink: AnyObject {
    func add(_ person: PersonRecord) throws
    func add(_ message: MessageRecord) throws
    func add(_ item: WorkItemRecord) throws
    func add(_ event: WorkItemEventRecord) throws
    func add(_ meeting: MeetingRecord) throws
    func add(_ attendance: AttendanceRecord) throws
    /// Reports a warning (shown once at the end of the import and kept in the import run).
    func warn(_ message: String)
    /// Counts rows passed over, with the reason (the summary shows a count per reason).
    func skip(reason: String)
    /// True when texts (message bodies, descriptions) are to be kept.
    var keepsText: Bool { get }
}
