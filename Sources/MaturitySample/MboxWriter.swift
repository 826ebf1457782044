import Foundation
import MaturityCore

/// Writes one of the sample's channels as a mailing-list archive (mbox, RFC 4155): each message a mail to the
/// list, `From ` separator lines, `>From ` quoting, the people it mentions in `To` (the list alone when it
/// mentions nobody), replies with `In-Reply-To` and `References` to their thread's root, and subjects unique
/// per thread so subject threading finds nothing else. Names and subjects outside ASCII are RFC 2047 words.
enum MboxWriter {
    static func write(_ rows: [NativeExports.Row], list: String, person: (String) -> NativeExports.Person?,
                      to url: URL) throws(SampleError) {
        let listAddress = "\(list)@lists.orbitlabs.example"
        let domain = "\(list).orbitlabs.example"
        var subjects: [String: String] = [:]
        var out = ""
        for row in rows {
            let millis = try NativeExports.instant(row["sent_at"])
            let author = person(row["author"])
            let email = author?.email ?? "noreply-\(author?.id ?? "unknown")@orbitlabs.example"
            let name = author?.name ?? ""
            let id = row["message_id"]
            let thread = row["thread_id"]
            let isReply = !thread.isEmpty && thread != id
            let recipients = row["mentions"].split(separator: ";").compactMap { person(String($0)) }
                .compactMap { p in p.email.map { (p.name, $0) } }
            let subject: String
            if isReply {
                subject = "Re: " + (subjects[thread] ?? "[\(list)] (\(thread))")
            } else {
                let firstLine = row["text"].split(separator: "\n").first.map(String.init) ?? ""
                let topic = firstLine.count > 50 ? String(firstLine.prefix(50)) + "…" : firstLine
                subject = "[\(list)] \(topic) (\(id))"
                subjects[id] = subject
            }
            out += "From \(email) \(asctime(millis))\n"
            out += "From: \(mailbox(name, email))\n"
            out += "To: " + (recipients.isEmpty ? listAddress : recipients.map { mailbox($0.0, $0.1) }.joined(separator: ", ")) + "\n"
            if !recipients.isEmpty { out += "Cc: \(listAddress)\n" }
            out += "Subject: \(word(subject))\n"
            out += "Date: \(rfc5322(millis))\n"
            out += "Message-ID: <\(id)@\(domain)>\n"
            if isReply {
                out += "In-Reply-To: <\(thread)@\(domain)>\nReferences: <\(thread)@\(domain)>\n"
            }
            out += "List-Id: <\(list).lists.orbitlabs.example>\nList-Post: <mailto:\(listAddress)>\n"
            out += "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n"
            for line in row["text"].split(separator: "\n", omittingEmptySubsequences: false) {
                let quoted = line.drop { $0 == ">" }.hasPrefix("From ")
                out += (quoted ? ">" : "") + line + "\n"
            }
            out += "\n"
        }
        do { try Data(out.utf8).write(to: url) } catch { throw SampleError("cannot write \(url.path): \(error)") }
    }

    static func mailbox(_ name: String, _ email: String) -> String {
        name.isEmpty ? "<\(email)>" : "\(word(name)) <\(email)>"
    }

    /// An RFC 2047 word for text outside ASCII; ASCII as it is.
    static func word(_ text: String) -> String {
        if text.unicodeScalars.allSatisfy({ $0.isASCII }) { return text }
        return "=?utf-8?b?" + Data(text.utf8).base64EncodedString() + "?="
    }

    private static let days = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    private static func parts(_ millis: Int64) -> (weekday: String, year: Int, month: String, day: Int, clock: String) {
        let seconds = millis / 1000
        let dayNumber = Int(seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
        let date = LocalDate(daysSinceEpoch: dayNumber)
        let inDay = Int(seconds - Int64(dayNumber) * 86_400)
        let clock = String(format: "%02d:%02d:%02d", inDay / 3600, inDay / 60 % 60, inDay % 60)
        return (days[((dayNumber % 7) + 7) % 7], date.year, months[date.month - 1], date.day, clock)
    }

    static func rfc5322(_ millis: Int64) -> String {
        let p = parts(millis)
        return "\(p.weekday), \(p.day) \(p.month) \(p.year) \(p.clock) +0000"
    }

    static func asctime(_ millis: Int64) -> String {
        let p = parts(millis)
        return "\(p.weekday) \(p.month) \(String(format: "%2d", p.day)) \(p.clock) \(p.year)"
    }
}
