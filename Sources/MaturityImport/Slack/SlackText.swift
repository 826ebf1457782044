import Foundation

/// Slack's message markup (`<@U024BE7LH>`, `<@U024BE7LH|anna>`, `<!here>`, `<#C024BE91L|general>`,
/// `<https://example.com|label>`, `&lt;` `&gt;` `&amp;`), read into the people it mentions and a plain text
/// the import's checks derive the features from.
enum SlackText {
    struct Rendered: Equatable {
        /// The user ids of `<@U…>` mentions, in order of first appearance, each once.
        var mentions: [String]
        /// The text with markup resolved: a user mention reads `@slack:U…` (the `@` token resolves to the
        /// same identity as the mention), `<!here>` `@here`, a channel `#name`, a link `label <url>`
        /// (`<url>` alone without a label), entities decoded.
        var text: String
    }

    static func render(_ raw: String) -> Rendered {
        // Most messages hold no markup and no entity: they are their own text.
        var plain = true
        for byte in raw.utf8 where byte == 0x3C || byte == 0x26 {
            plain = false
            break
        }
        if plain { return Rendered(mentions: [], text: raw) }
        var mentions: [String] = []
        let bytes = Array(raw.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 16)
        var i = 0
        func decoded(_ from: Int, _ to: Int) {
            var j = from
            while j < to {
                if bytes[j] == 0x26 {
                    let rest = bytes[j..<to]
                    if rest.starts(with: [0x26, 0x6C, 0x74, 0x3B]) { out.append(0x3C); j += 4; continue }  // &lt;
                    if rest.starts(with: [0x26, 0x67, 0x74, 0x3B]) { out.append(0x3E); j += 4; continue }  // &gt;
                    if rest.starts(with: [0x26, 0x61, 0x6D, 0x70, 0x3B]) { out.append(0x26); j += 5; continue }  // &amp;
                }
                out.append(bytes[j])
                j += 1
            }
        }
        while i < bytes.count {
            guard let open = bytes[i...].firstIndex(of: 0x3C) else {
                decoded(i, bytes.count)
                break
            }
            decoded(i, open)
            guard let close = bytes[open...].firstIndex(of: 0x3E) else {
                decoded(open, bytes.count)
                break
            }
            let inner = String(decoding: bytes[(open + 1)..<close], as: UTF8.self)
            out.append(contentsOf: renderMarkup(Substring(inner), mentions: &mentions).utf8)
            i = close + 1
        }
        return Rendered(mentions: mentions, text: String(decoding: out, as: UTF8.self))
    }

    private static func renderMarkup(_ inner: Substring, mentions: inout [String]) -> String {
        let label: Substring? = inner.firstIndex(of: "|").map { inner[inner.index(after: $0)...] }
        let target = inner.firstIndex(of: "|").map { inner[..<$0] } ?? inner
        if target.hasPrefix("@") {
            // <@U061A5N1G>, <@U061A5N1G|neerajt>, <@U061A5N1G/neerajt> (legacy).
            var id = target.dropFirst()
            if let slash = id.firstIndex(of: "/") { id = id[..<slash] }
            guard !id.isEmpty else { return "@" }
            let value = String(id)
            if !mentions.contains(value) { mentions.append(value) }
            return "@slack:" + value
        }
        if target.hasPrefix("!") {
            let command = target.dropFirst()
            switch command {
            case "here", "channel", "everyone", "group": return "@" + command
            default:
                // <!subteam^S123|@devs>, <!date^…|fallback>: the label, without making it a person token.
                if let label { return label.hasPrefix("@") ? String(label.dropFirst()) : decodeEntities(label) }
                return String(command.prefix { $0 != "^" })
            }
        }
        if target.hasPrefix("#") {
            return "#" + (label.map(String.init) ?? String(target.dropFirst()))
        }
        let url = decodeEntities(target)
        if let label, !label.isEmpty { return decodeEntities(label) + " <" + url + ">" }
        return "<" + url + ">"
    }

    static func decodeEntities(_ s: Substring) -> String {
        guard s.utf8.contains(0x26) else { return String(s) }
        return s.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
