import Foundation

/// "Did you mean" for names users type: the known name equal ignoring case, else the closest within two edits
/// (or one that starts with what was typed); nil when nothing is close.
enum Suggestions {
    static func closest(to typed: String, among known: [String]) -> String? {
        let lowered = typed.lowercased()
        if let same = known.first(where: { $0.lowercased() == lowered }) { return same }
        let scored = known.map { ($0, distance(lowered, $0.lowercased())) }.sorted { $0.1 < $1.1 }
        if let best = scored.first, best.1 <= min(2, max(1, typed.count / 3)) { return best.0 }
        if lowered.count >= 3, let prefixed = known.first(where: { $0.lowercased().hasPrefix(lowered) }) {
            return prefixed
        }
        return nil
    }

    /// `; did you mean 'X'?` or nothing.
    static func hint(_ typed: String, among known: [String]) -> String {
        closest(to: typed, among: known).map { "; did you mean '\($0)'?" } ?? ""
    }

    /// Levenshtein distance over characters.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
