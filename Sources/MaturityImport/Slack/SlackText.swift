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
        var mentions: [String] = []
        var out = ""
        out.reserveCapacity(raw.utf8.count)
        var rest = Substring(raw)
        while let open = rest.firstIndex(of: "<") {
            out += decodeEntities(rest[..<open])
            guard let close = rest[open...].firstIndex(of: ">") else {
                out += decodeEntities(rest[open...])
                rest = ""
                break
            }
            let inner = rest[rest.index(after: open)..<close]
            rest = rest[rest.index(after: close)...]
            out += renderMarkup(inner, mentions: &mentions)
        }
        out += decodeEntities(rest)
        return Rendered(mentions: mentions, text: out)
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
        guard s.contains("&") else { return String(s) }
        return s.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
