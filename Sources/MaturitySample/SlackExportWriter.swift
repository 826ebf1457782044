import Foundation
import MaturityCore

/// Writes some of the sample's conversations as the folder a Slack workspace export unpacks to: `users.json`
/// (every person, with e-mail and time zone, so Slack people merge with the directory), `channels.json`,
/// `groups.json`, `dms.json`, `mpims.json`, and one `YYYY-MM-DD.json` day file per channel and local day
/// (Europe/Berlin days, as a workspace in that zone exports them: not UTC days). Messages keep their instant
/// (`ts`, with the sample's sequence number in the last three digits), threads (`thread_ts`), mentions
/// (`<@U…>` markup) and system flags (`channel_join`, `channel_topic`).
enum SlackExportWriter {
    static let team = "TORBITLABS"

    static func slackId(_ person: NativeExports.Person) -> String {
        person.slack ?? "UX" + person.id.uppercased()
    }

    static func write(_ rows: [NativeExports.Row], people: [NativeExports.Person],
                      person: (String) -> NativeExports.Person?, to folder: URL) throws(SampleError) {
        let manager = FileManager.default
        try? manager.removeItem(at: folder)
        do { try manager.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
            throw SampleError("cannot create \(folder.path): \(error)")
        }
        // users.json
        let users: [[String: Any]] = people.map { p in
            var user: [String: Any] = [
                "id": slackId(p), "team_id": team, "name": p.email.map { String($0.prefix { $0 != "@" }) } ?? p.id,
                "real_name": p.name, "deleted": false, "is_bot": p.isBot,
                "profile": ["real_name": p.name, "display_name": p.name].merging(p.email.map { ["email": $0] } ?? [:]) { a, _ in a },
            ]
            if let zone = p.timezone ?? (p.isBot ? nil : SampleGenerator.organisationTimeZone) { user["tz"] = zone }
            return user
        }
        try json(users, to: folder.appendingPathComponent("users.json"))

        // Channels, in order of first message.
        var order: [String] = []
        var byChannel: [String: [NativeExports.Row]] = [:]
        for row in rows {
            if byChannel[row["channel"]] == nil { order.append(row["channel"]) }
            byChannel[row["channel"], default: []].append(row)
        }
        var lists: [String: [[String: Any]]] = ["channels.json": [], "groups.json": [], "dms.json": [], "mpims.json": []]
        let zone = TimeZone(identifier: SampleGenerator.organisationTimeZone)!
        for (number, name) in order.enumerated() {
            let messages = byChannel[name]!
            let kind = messages.first.map { $0["channel_kind"].isEmpty ? "public" : $0["channel_kind"] } ?? "public"
            let members = Array(Set(messages.compactMap { person($0["author"]).map(slackId) })).sorted()
            let id: String
            let list: String
            switch kind {
            case "private": id = String(format: "G0SAMPLE%02d", number); list = "groups.json"
            case "direct": id = name; list = "dms.json"
            case "group": id = String(format: "G0SAMPLE%02d", number); list = "mpims.json"
            default: id = String(format: "C0SAMPLE%02d", number); list = "channels.json"
            }
            var entry: [String: Any] = ["id": id, "members": members, "created": 1_767_225_600]
            if kind != "direct" { entry["name"] = name }
            lists[list]!.append(entry)

            // ts: the instant, then the row's sequence number; unique in the channel.
            var tsOf: [String: String] = [:]
            var used: Set<String> = []
            var replies: [String: Int] = [:]
            for row in messages {
                let millis = try NativeExports.instant(row["sent_at"])
                let sequence = Int(row["message_id"].split(separator: ".").last ?? "0") ?? 0
                var tail = sequence % 1000
                var ts = ""
                repeat {
                    ts = String(format: "%lld.%03lld%03d", millis / 1000, millis % 1000, tail)
                    tail = (tail + 1) % 1000
                } while !used.insert(ts).inserted
                tsOf[row["message_id"]] = ts
                let thread = row["thread_id"]
                if !thread.isEmpty && thread != row["message_id"] { replies[thread, default: 0] += 1 }
            }
            var days: [String: [[String: Any]]] = [:]
            var dayOrder: [String] = []
            for row in messages {
                let ts = tsOf[row["message_id"]]!
                let author = person(row["author"])
                var message: [String: Any] = ["type": "message", "ts": ts,
                                              "user": author.map(slackId) ?? "UXUNKNOWN"]
                var text = escape(row["text"])
                for reference in row["mentions"].split(separator: ";") {
                    if let mentioned = person(String(reference)) { text += " <@\(slackId(mentioned))>" }
                }
                message["text"] = text
                let thread = row["thread_id"]
                if !thread.isEmpty && thread != row["message_id"] {
                    message["thread_ts"] = tsOf[thread] ?? thread
                } else if let count = replies[row["message_id"]] {
                    message["thread_ts"] = ts
                    message["reply_count"] = count
                }
                if row["is_system"] == "true" {
                    message["subtype"] = row["text"].contains(" joined #") ? "channel_join" : "channel_topic"
                } else if author?.isBot == true {
                    message["subtype"] = "bot_message"
                    message["bot_id"] = "B" + (author?.id.uppercased() ?? "")
                    message["username"] = author?.name ?? ""
                }
                let millis = try NativeExports.instant(row["sent_at"])
                let local = millis / 1000 + Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(millis) / 1000)))
                let day = civil(days: Int(local >= 0 ? local / 86_400 : (local - 86_399) / 86_400))
                if days[day] == nil { dayOrder.append(day) }
                days[day, default: []].append(message)
            }
            let channelFolder = folder.appendingPathComponent(kind == "direct" ? id : name)
            do { try manager.createDirectory(at: channelFolder, withIntermediateDirectories: true) } catch {
                throw SampleError("cannot create \(channelFolder.path): \(error)")
            }
            for day in dayOrder {
                // A day file is in order of ts, as Slack writes it.
                let sorted = days[day]!.sorted { ($0["ts"] as! String) < ($1["ts"] as! String) }
                try json(sorted, to: channelFolder.appendingPathComponent(day + ".json"))
            }
        }
        for (name, entries) in lists { try json(entries, to: folder.appendingPathComponent(name)) }
    }

    /// Slack's escaping of message text.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }

    /// `YYYY-MM-DD` of a day count since 1970-01-01.
    static func civil(days: Int) -> String { LocalDate(daysSinceEpoch: days).description }

    static func json(_ value: Any, to url: URL) throws(SampleError) {
        do {
            var data = try JSONSerialization.data(withJSONObject: value,
                                                  options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            data.append(0x0A)
            try data.write(to: url)
        } catch {
            throw SampleError("cannot write \(url.path): \(error)")
        }
    }
}
