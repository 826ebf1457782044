import Foundation

/// A person reference (canonical CSV, "People"): a directory id, an e-mail address or a source identity
/// `source:id`. References are trimmed; one with `@` and no `:` is an e-mail address and compares ignoring
/// ASCII case (it is stored lower-cased); ids and `source:id` identities compare exactly.
public struct PersonReference: Sendable, Hashable, CustomStringConvertible {
    /// The normalised reference: the key identities are stored under.
    public let value: String
    /// `email`, the prefix of `source:id`, or `id` for a directory id.
    public let source: String
    public let externalId: String

    /// nil when the reference is empty after trimming.
    public init?(_ raw: some StringProtocol) {
        // The spec's white space (Unicode White_Space), as everywhere else: not Foundation's wider set, which
        // also strips format characters such as U+200B.
        let trimmed = TextRules.trim(String(raw))
        guard !trimmed.isEmpty else { return nil }
        if let colon = trimmed.firstIndex(of: ":") {
            value = trimmed
            source = String(trimmed[..<colon])
            externalId = String(trimmed[trimmed.index(after: colon)...])
        } else if trimmed.contains("@") {
            var scalars = String.UnicodeScalarView()
            for s in trimmed.unicodeScalars {
                scalars.append(s.value >= 65 && s.value <= 90 ? Unicode.Scalar(s.value + 32)! : s)
            }
            let lowered = String(scalars)
            value = lowered
            source = "email"
            externalId = lowered
        } else {
            value = trimmed
            source = "id"
            externalId = trimmed
        }
    }

    public var description: String { value }
}
