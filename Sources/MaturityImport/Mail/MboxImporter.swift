import Foundation
import MaturityCore

/// A mailbox file (RFC 4155 mbox and the variants real archives have: Pipermail, LISTSERV, MMDF, messages
/// concatenated without separators, Google Takeout) to messages keyed by `Message-ID` in one channel: the list
/// for a mailing-list archive (public), the mailbox for a personal one (private). Read line by line, twice: a
/// first pass through the session's stream finds the ids, parents and subjects every thread needs (a few
/// values a message), a second hands each message over with its body. Documentation/Importers.md, "E-mail".
public struct MboxImporter: Importer {
    public static let format = ImportFormat(id: "mbox", name: "mbox mail archive", keySource: "mbox",
                                            mainEntity: .message, recordNoun: "messages", repeatedIds: .merge)
    public var format: ImportFormat { Self.format }
    /// Treat the mailbox as a mailing-list archive whatever its headers say (`--list`).
    public var list: Bool

    public init(list: Bool = false) { self.list = list }

    /// What the first pass keeps of a message.
    struct Meta {
        var id: String
        var line: Int
        var inReplyTo: String?
        var lastReference: String?
        var subject: String
        var date: Instant?
        var gmailThread: String?
        var duplicate = false
        var thread: String?
    }

    public func read(_ input: ImportInput, into sink: RecordSink) throws -> Int {
        let stream = try input.stream()
        let path = input.path
        let fileName = input.url.lastPathComponent

        // Pass 1: ids, parents, subjects, dates, list headers.
        var metas: [Meta] = []
        var firstIndex: [String: Int] = [:]
        var listAddresses: [String: Int] = [:]
        var listIds: Set<String> = []
        var pipermail = 0, daemonLines = 0, fromLines = 0
        var senders: [String: Int] = [:]
        let first = MboxParser { try stream.read(upToCount: 1 << 20) }
        while let mail = try first.nextMail() {
            let meta = Self.meta(mail)
            if firstIndex[meta.id] != nil {
                metas.append(meta)
                metas[metas.count - 1].duplicate = true
            } else {
                firstIndex[meta.id] = metas.count
                metas.append(meta)
            }
            if let found = Self.listAddress(mail) {
                // A posting address (List-Post, X-BeenThere) outweighs a List-Id.
                listAddresses[found.address, default: 0] += found.isPostingAddress ? 1 << 20 : 1
                if !found.isPostingAddress { listIds.insert(found.address) }
            }
            if let fromLine = mail.fromLine {
                fromLines += 1
                if fromLine.hasPrefix("From MAILER-DAEMON ") { daemonLines += 1 }
                if fromLine.range(of: #"^From \S+ at \S+ "#, options: .regularExpression) != nil { pipermail += 1 }
            }
            if let sender = mail.header("sender").flatMap({ MailDecoding.addresses($0).first?.email }) {
                senders[sender, default: 0] += 1
            }
        }
        let layout = first.layout ?? .mbox
        if metas.isEmpty {
            throw ImportError(file: path, line: nil, column: nil, message: "the file holds no mail message",
                              fix: "name an mbox file (messages separated by 'From ' lines) or a mail archive")
        }
        // A mailing-list archive: list headers, or the layout of list archivers (Pipermail `user at host`,
        // LISTSERV's one `From MAILER-DAEMON` line for all), or `--list`.
        let listserv = fromLines > 0 && daemonLines == fromLines
        let isList = list || !listAddresses.isEmpty || (fromLines > 0 && pipermail * 2 >= fromLines) || listserv
        var listAddress = listAddresses.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }?.key
        if listAddress == nil && listserv {
            listAddress = senders.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }?.key
        }
        let channel = listAddress ?? fileName
        let kind: ChannelKind = isList ? .public : .private
        Self.thread(&metas, firstIndex: firstIndex)

        // Pass 2: the records.
        guard let handle = FileHandle(forReadingAtPath: input.url.path) else {
            throw ImportError(file: path, line: nil, column: nil, message: "cannot read the file again",
                              fix: "check that it is readable")
        }
        defer { try? handle.close() }
        let second = MboxParser {
            do { return try handle.read(upToCount: 1 << 20) ?? Data() } catch {
                throw ImportError(file: path, line: nil, column: nil,
                                  message: "cannot read the file again: \(error.localizedDescription)",
                                  fix: "check that it is readable and not changing while it is imported")
            }
        }
        var index = 0
        var profiles: [String: Bool] = [:]
        var fromLineDates = 0, bots = 0
        let source = "mbox:" + fileName
        while let mail = try second.nextMail() {
            defer { index += 1 }
            guard index < metas.count else { break }
            let meta = metas[index]
            let location = InputLocation(file: path, line: mail.line)
            if meta.duplicate {
                sink.skip(reason: "repeated Message-ID (one message)")
                continue
            }
            if let labels = mail.header("x-gmail-labels")?.lowercased(),
               labels.split(separator: ",").contains(where: { ["spam", "trash"].contains($0.trimmingCharacters(in: .whitespaces)) }) {
                sink.skip(reason: "Takeout messages labelled Spam or Trash")
                continue
            }
            let from = mail.header("from").flatMap { MailDecoding.addresses($0).first }
                ?? mail.header("sender").flatMap { MailDecoding.addresses($0).first }
                ?? mail.fromLine.flatMap { Self.fromLineAddress($0) }
            guard let from, !(listserv && from.email == "mailer-daemon") else {
                sink.skip(reason: "messages with no sender address")
                sink.warn("no sender address (From, Sender or the From line): passed over", at: location)
                continue
            }
            let sentAt: Instant
            if let date = mail.header("date").flatMap(MailDecoding.rfc5322Date) {
                sentAt = date
            } else if let date = mail.fromLine.flatMap(MailDecoding.fromLineDate) {
                sentAt = date
                fromLineDates += 1
            } else {
                sink.skip(reason: "messages with no readable date")
                sink.warn("no readable Date and no From line date: passed over", at: location)
                continue
            }
            // The author; auto-generated mail is a bot's.
            var author = from.email
            let auto = Self.isAutoGenerated(mail, from: from)
            if auto.isBot {
                bots += 1
                if !auto.roleAddress { author = "mbox:auto:" + from.email }
            }
            if Self.firstSight(author, named: from.name != nil, in: &profiles) {
                try sink.add(PersonRecord(personId: author, name: from.name.map { auto.isBot && !auto.roleAddress
                                              ? $0 + " (auto-generated)" : $0 },
                                          isBot: auto.isBot, fromDirectory: false, location: location))
            }
            var mentions: [String] = []
            for recipient in mail.allHeaders("to").flatMap(MailDecoding.addresses)
            where recipient.email != from.email && !Self.isList(recipient.email, address: listAddress, ids: listIds)
                && !mentions.contains(recipient.email) {
                mentions.append(recipient.email)
                if Self.firstSight(recipient.email, named: recipient.name != nil, in: &profiles) {
                    try sink.add(PersonRecord(personId: recipient.email, name: recipient.name, fromDirectory: false,
                                              location: location))
                }
            }
            try sink.add(MessageRecord(
                messageId: meta.id, channel: channel, channelKind: kind, author: author, sentAt: sentAt,
                threadId: meta.thread, mentions: mentions, source: source, text: Self.bodyText(mail),
                channelName: channel, location: location))
        }
        var notes: [String] = []
        let layoutName = switch layout {
        case .mbox: listserv ? "LISTSERV mbox" : pipermail > 0 ? "Pipermail mbox" : "mbox"
        case .mmdf: "MMDF"
        case .concatenated: "messages without separator lines"
        }
        notes.append("\(layoutName), \(isList ? "mailing-list archive (public channel" : "personal mailbox (private channel")"
            + " '\(channel)')")
        if fromLineDates > 0 { notes.append("\(fromLineDates) dated by their From line (read as UTC)") }
        if bots > 0 { notes.append("\(bots) auto-generated (bot)") }
        let threads = Set(metas.filter { !$0.duplicate }.compactMap(\.thread)).count
        notes.append("\(threads) threads")
        sink.note(notes.joined(separator: "; "))
        return metas.count
    }

    // MARK: Pieces

    /// Whether a person's profile goes to the sink: the first time the address is seen, and again the first
    /// time it comes with a display name.
    static func firstSight(_ address: String, named: Bool, in profiles: inout [String: Bool]) -> Bool {
        switch profiles[address] {
        case nil: profiles[address] = named; return true
        case false?: if named { profiles[address] = true; return true } else { return false }
        case true?: return false
        }
    }

    static func meta(_ mail: RawMail) -> Meta {
        let id = mail.header("message-id").flatMap { MailDecoding.messageIds($0).first } ?? syntheticId(mail)
        let subject = MailDecoding.decodeWords(mail.header("subject") ?? "")
        let date = mail.header("date").flatMap(MailDecoding.rfc5322Date)
            ?? mail.fromLine.flatMap(MailDecoding.fromLineDate)
        return Meta(id: id, line: mail.line,
                    inReplyTo: mail.header("in-reply-to").flatMap { MailDecoding.messageIds($0).first },
                    lastReference: mail.header("references").flatMap { MailDecoding.messageIds($0).last },
                    subject: MailDecoding.threadSubject(subject), date: date,
                    gmailThread: mail.header("x-gm-thrid").flatMap { $0.isEmpty ? nil : $0 })
    }

    /// A stable id for a message without `Message-ID`: from its sender, date and subject (so the same message
    /// twice is one).
    static func syntheticId(_ mail: RawMail) -> String {
        let basis = [mail.header("from"), mail.header("date"), mail.header("subject"), mail.fromLine]
            .map { $0 ?? "" }.joined(separator: "\n")
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in basis.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return "no-message-id-" + String(hash, radix: 16)
    }

    /// The list a message was sent through: `List-Post` (its mailto address), `X-BeenThere`, `List-Id`.
    static func listAddress(_ mail: RawMail) -> (address: String, isPostingAddress: Bool)? {
        if let post = mail.header("list-post"), let address = MailDecoding.addresses(post).first {
            return (address.email, true)
        }
        if let there = mail.header("x-beenthere"), let address = MailDecoding.addresses(there).first {
            return (address.email, true)
        }
        if let id = mail.header("list-id") {
            let ids = MailDecoding.messageIds(id)
            if let value = ids.first { return (value.lowercased(), false) }
        }
        return nil
    }

    /// Whether an address is the list's: its posting address, or the address a List-Id names
    /// (`dev.lists.example.org` is `dev@lists.example.org`).
    static func isList(_ email: String, address: String?, ids: Set<String>) -> Bool {
        if email == address { return true }
        return ids.contains(email.replacingOccurrences(of: "@", with: "."))
    }

    static func fromLineAddress(_ line: String) -> MailDecoding.Address? {
        let words = line.split(separator: " ", omittingEmptySubsequences: true)
        guard words.count >= 2 else { return nil }
        if words.count >= 4, words[2] == "at" { return MailDecoding.address(words[1] + "@" + words[3]) }
        return MailDecoding.address(String(words[1]))
    }

    /// Threads in one mailbox: the parent is the message `In-Reply-To` names, else the last `References`
    /// entry, when that message is in the mailbox; else the first earlier message with the same subject (once
    /// `Re:`, `Fwd:`, `AW:`, `SV:` and `[list]` are removed). A thread's root is the first message with no known
    /// parent; Gmail's `X-GM-THRID`, when present, is the thread (its root: the thread's first message).
    static func thread(_ metas: inout [Meta], firstIndex: [String: Int]) {
        let order = metas.indices.filter { !metas[$0].duplicate }
            .sorted { (metas[$0].date ?? .max, $0) < (metas[$1].date ?? .max, $1) }
        var parent: [Int: Int] = [:]
        var firstBySubject: [String: Int] = [:]
        var firstByGmail: [String: Int] = [:]
        for index in order {
            let meta = metas[index]
            if let gmail = meta.gmailThread {
                if let root = firstByGmail[gmail] { parent[index] = root } else { firstByGmail[gmail] = index }
                continue
            }
            if let id = meta.inReplyTo, let p = firstIndex[id], p != index {
                parent[index] = p
            } else if let id = meta.lastReference, let p = firstIndex[id], p != index {
                parent[index] = p
            } else if !meta.subject.isEmpty, let p = firstBySubject[meta.subject] {
                parent[index] = p
            }
            if !meta.subject.isEmpty && firstBySubject[meta.subject] == nil { firstBySubject[meta.subject] = index }
        }
        for index in order {
            var root = index
            var seen: Set<Int> = [index]
            while let p = parent[root], seen.insert(p).inserted { root = p }
            metas[index].thread = root == index ? nil : metas[root].id
        }
    }

    /// Auto-generated mail (`Auto-Submitted` other than `no`, `Precedence: bulk|list|junk` from a sender
    /// without a name, role senders such as `noreply@`): a bot's. `roleAddress`: the address itself is a
    /// machine's (the person is a bot); otherwise a human's address sent it automatically (an auto-reply),
    /// and it is authored by a bot identity of its own so the human stays a person.
    static func isAutoGenerated(_ mail: RawMail, from: MailDecoding.Address) -> (isBot: Bool, roleAddress: Bool) {
        let local = String(from.email.prefix { $0 != "@" })
        let roles = ["noreply", "no-reply", "no_reply", "donotreply", "do-not-reply", "mailer-daemon", "postmaster",
                     "bounce", "bounces", "notification", "notifications", "listserv", "majordomo", "mailman"]
        let role = roles.contains(local) || local.hasSuffix("-request") || local.hasSuffix("-bounces")
            || local.hasPrefix("owner-") || local.hasPrefix("noreply") || local.hasPrefix("no-reply")
        if role { return (true, true) }
        if let auto = mail.header("auto-submitted")?.lowercased(), !auto.isEmpty, !auto.hasPrefix("no") {
            return (true, false)
        }
        if let precedence = mail.header("precedence")?.lowercased().trimmingCharacters(in: .whitespaces),
           ["bulk", "list", "junk"].contains(precedence), from.name == nil {
            return (true, false)
        }
        return (false, false)
    }

    /// The text of a message: its body decoded (`Content-Transfer-Encoding`, charset), for a multipart message
    /// its first `text/plain` part.
    static func bodyText(_ mail: RawMail) -> String {
        let type = MailDecoding.parameters(mail.header("content-type") ?? "text/plain")
        return decodePart(body: mail.body[...], type: type, encoding: mail.header("content-transfer-encoding"), depth: 0)
    }

    private static func decodePart(body: ArraySlice<UInt8>, type: (value: String, parameters: [String: String]),
                                   encoding: String?, depth: Int) -> String {
        if type.value.hasPrefix("multipart/"), let boundary = type.parameters["boundary"], depth < 4 {
            for part in parts(body, boundary: boundary) {
                // The part's headers, then its body.
                var headers: [String: String] = [:]
                var lastName: String?
                var rest = part[...]
                while let newline = rest.firstIndex(of: 0x0A) {
                    let line = rest[..<newline]
                    rest = rest[(newline + 1)...]
                    if line.isEmpty || line == [0x0D] { break }
                    if line.first == 0x20 || line.first == 0x09, let name = lastName {
                        headers[name, default: ""] += " " + MboxParser.text(line).trimmingCharacters(in: .whitespaces)
                    } else if let colon = line.firstIndex(of: 0x3A) {
                        let name = MboxParser.text(line[..<colon]).lowercased()
                        headers[name] = MboxParser.text(line[(colon + 1)...]).trimmingCharacters(in: .whitespaces)
                        lastName = name
                    }
                }
                let partType = MailDecoding.parameters(headers["content-type"] ?? "text/plain")
                if partType.value == "text/plain" || partType.value.hasPrefix("multipart/") {
                    let text = decodePart(body: rest, type: partType, encoding: headers["content-transfer-encoding"],
                                          depth: depth + 1)
                    if !text.isEmpty { return text }
                }
            }
            return ""
        }
        let transfer = encoding?.lowercased().trimmingCharacters(in: .whitespaces) ?? ""
        let bytes: [UInt8]
        switch transfer {
        case "quoted-printable": bytes = MailDecoding.quotedPrintable(body)
        case "base64": bytes = MailDecoding.base64(body) ?? Array(body)
        default: bytes = Array(body)
        }
        var text = MailDecoding.string(bytes, charset: type.parameters["charset"])
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    private static func parts(_ body: ArraySlice<UInt8>, boundary: String) -> [ArraySlice<UInt8>] {
        let marker = Array(("--" + boundary).utf8)
        var parts: [ArraySlice<UInt8>] = []
        var start: Int?
        var lineStart = body.startIndex
        while lineStart < body.endIndex {
            let end = body[lineStart...].firstIndex(of: 0x0A) ?? body.endIndex
            let line = body[lineStart..<end]
            if line.starts(with: marker) {
                if let s = start { parts.append(body[s..<lineStart]) }
                if line.dropFirst(marker.count).starts(with: [0x2D, 0x2D]) { return parts }
                start = min(end + 1, body.endIndex)
            }
            lineStart = end + 1
        }
        if let s = start, s < body.endIndex { parts.append(body[s...]) }
        return parts
    }
}

/// Mailboxes, recognised by content: a first line `From <sender> <date>` followed by header fields, an MMDF
/// marker `^A^A^A^A` followed by header fields, or a header block holding `From:` and `Date:` or `Message-ID:`.
struct MboxRecogniser: FormatRecogniser {
    var formats: [ImportFormat] { [MboxImporter.format] }
    var description: String {
        "mbox mail archive (From-line mbox, Pipermail, LISTSERV, MMDF, Google Takeout), by its first lines"
    }

    func recognise(_ url: URL, isDirectory: Bool, head: Data, options: ImportOptions) -> RecognisedInput? {
        guard !isDirectory, Self.looksLikeMail(head) else { return nil }
        return RecognisedInput(url: url, importer: MboxImporter(), reason: "mbox mail archive (by its first lines)")
    }

    static func looksLikeMail(_ head: Data) -> Bool {
        var lines: [ArraySlice<UInt8>] = []
        var rest = [UInt8](head.prefix(16 << 10))[...]
        while lines.count < 60, let newline = rest.firstIndex(of: 0x0A) {
            var line = rest[..<newline]
            if line.last == 0x0D { line = line.dropLast() }
            lines.append(line)
            rest = rest[(newline + 1)...]
        }
        while let first = lines.first, first.isEmpty { lines.removeFirst() }
        guard let first = lines.first else { return false }
        if first.starts(with: [1, 1, 1, 1]) || MboxParser.isFromLine(first) { lines.removeFirst() }
        // The header block: header fields (and folded lines) up to a blank line, holding From: and Date: or
        // Message-ID:.
        var names: Set<String> = []
        for line in lines {
            if line.isEmpty { break }
            if line.first == 0x20 || line.first == 0x09 { continue }
            guard MboxParser.isHeaderLine(line) else { return false }
            names.insert(String(decoding: line.prefix { $0 != 0x3A }, as: UTF8.self).lowercased())
        }
        return names.contains("from") && (names.contains("date") || names.contains("message-id"))
    }
}
