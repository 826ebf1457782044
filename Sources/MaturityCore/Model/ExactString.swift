/// A string compared and hashed by its UTF-8 bytes. Swift's `String` equality treats canonically equivalent
/// spellings as equal (a precomposed `é` and `e` followed by a combining accent), but ids, channel names and
/// person references "compare exactly" (canonical-csv.md), as SQLite compares them: dictionaries keyed by
/// them use this type.
public struct ExactString: Hashable, Sendable, CustomStringConvertible, Comparable, ExpressibleByStringLiteral {
    public let value: String

    public init(_ value: String) { self.value = value }

    public static func == (a: ExactString, b: ExactString) -> Bool { a.value.utf8.elementsEqual(b.value.utf8) }

    public func hash(into hasher: inout Hasher) {
        var copy = value
        copy.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }

    public init(stringLiteral value: String) { self.value = value }

    /// Code point order (Unicode scalars), the order ids sort in.
    public static func < (a: ExactString, b: ExactString) -> Bool {
        a.value.unicodeScalars.lexicographicallyPrecedes(b.value.unicodeScalars)
    }

    public var description: String { value }
}
