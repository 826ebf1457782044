import Foundation
import MaturityCore
import Testing

/// An ISO 8601 timestamp with an offset (`2026-02-11T08:00:00Z`, `2026-03-02T10:00:00.001+01:00`) as epoch
/// milliseconds: the tests' oracle for instants, read with Foundation's `ISO8601DateFormatter`, so independent
/// of `Timestamp`, the code under test. A fraction of a second is accepted when the text has one. A text the
/// formatter cannot read records an issue at the caller and gives `Instant.min`.
public func instant(_ iso: String, sourceLocation: SourceLocation = #_sourceLocation) -> Instant {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    if iso.contains(".") { formatter.formatOptions.insert(.withFractionalSeconds) }
    guard let date = formatter.date(from: iso) else {
        Issue.record("bad test timestamp \(iso)", sourceLocation: sourceLocation)
        return Instant.min
    }
    return Instant((date.timeIntervalSince1970 * 1000).rounded())
}
