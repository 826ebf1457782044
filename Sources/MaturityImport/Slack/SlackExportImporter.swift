import Foundation
import MaturityCore

/// A Slack workspace export (the ZIP Slack's "Export data" writes, or its unpacked folder): `users.json` to
/// people and identities `slack:U…`, `channels.json` / `groups.json` / `dms.json` / `mpims.json` to channels
/// keyed by id, and every day file `<channel>/<YYYY-MM-DD>.json` to messages keyed `<channel id>/<ts>`, decoded
/// one day file at a time. Documentation/Importers.md, "Slack workspace export", lists what maps to what.
public struct SlackExportImporter: Importer {
    /// A message seen twice in one export (the same channel and `ts`) is one message: the importer merges it
    /// itself (by a 64-bit hash of the key, counted in the summary), so the checks see every key once, and a
    /// first import into an empty store takes the store's bulk path.
    public static let format = ImportFormat(id: "slack", name: "Slack workspace export", keySource: "slack",
                                            mainEntity: .message, recordNoun: "messages", repeatedIds: .error)
    public var format: ImportFormat { Self.format }

    public init() {}

    /// Subtypes that are events of the channel, not messages by a person (metrics section 0: excluded
    /// everywhere). `tombstone`, a deleted thread parent kept so its replies survive, is one too.
    static let systemSubtypes: Set<String> = [
        "channel_join", "channel_leave", "channel_topic", "channel_purpose", "channel_name", "channel_archive",
        "channel_unarchive", "channel_convert_to_private", "channel_convert_to_public", "group_join", "group_leave",
        "group_topic", "group_purpose", "group_name", "group_archive", "group_unarchive", "bot_add", "bot_remove",
        "bot_enable", "bot_disable", "pinned_item", "unpinned_item", "tombstone", "reminder_add", "reminder_delete",
        "sh_room_created", "sh_room_shared", "slackbot_response", "app_conversation_join", "channel_posting_permissions",
        "huddle_thread", "joiner_notification", "joiner_notification_for_inviter",
    ]
    /// Subtypes that are events about another message, not messages: passed over and counted.
    static let eventSubtypes: Set<String> = ["message_changed", "message_deleted", "message_replied"]

    static let fields = FieldNames([
        "message_id": (nil, "ts"), "sent_at": (nil, "ts"), "author": (nil, "user"), "thread_id": (nil, "thread_ts"),
        "channel": (nil, "channel"), "person_id": (nil, "id"), "timezone": (nil, "tz"), "email": (nil, "profile.email"),
    ])

    struct Channel {
        var id: String
        var name: String
        var kind: ChannelKind
    }

    public func read(_ input: ImportInput, into sink: RecordSink) throws -> Int {
        let files = try SlackExportFiles(url: input.url, isDirectory: input.file == nil)
        let path = input.path
        func location(_ entry: String, _ jsonPath: String? = nil) -> InputLocation {
            InputLocation(file: path, entry: files.entryName(entry), path: jsonPath, fields: Self.fields)
        }
        // Everything the summary tells, counted as the export is read.
        var notes = Notes()

        // People.
        var known: Set<String> = []
        var workspace: String?
        if files.contains("users.json") {
            let users = try array(files, "users.json", location: location)
            for (index, value) in users.enumerated() {
                let here = location("users.json", "[\(index)]")
                guard let user = value as? [String: Any] else {
                    try sink.fail(ImportError(at: here, message: "a user is not a JSON object",
                                              fix: "export the workspace again; users.json is damaged"))
                    continue
                }
                guard let id = user["id"] as? String, !id.isEmpty else {
                    try sink.fail(ImportError(at: here.field("person_id"), message: "the user has no 'id' string",
                                              fix: "export the workspace again; users.json is damaged"))
                    continue
                }
                if workspace == nil, let team = user["team_id"] as? String, !team.isEmpty { workspace = team }
                let profile = user["profile"] as? [String: Any] ?? [:]
                let name = [user["real_name"], profile["real_name"], profile["display_name"], user["name"]]
                    .compactMap { $0 as? String }.first { !$0.isEmpty }
                let email = (profile["email"] as? String).flatMap { $0.isEmpty ? nil : $0 }
                var zone = (user["tz"] as? String).flatMap { $0.isEmpty ? nil : $0 }
                if let z = zone, TimeZone(identifier: z) == nil {
                    sink.warn("the time zone '\(z)' is not an IANA zone: the person gets the organisation's",
                              at: here.field("timezone"))
                    zone = nil
                }
                let isBot = id == "USLACKBOT" || (user["is_bot"] as? Bool ?? false)
                    || (user["is_app_user"] as? Bool ?? false) || profile["bot_id"] != nil
                if user["deleted"] as? Bool ?? false { notes.deletedUsers += 1 }
                if isBot { notes.bots += 1 }
                known.insert(id)
                try sink.add(PersonRecord(personId: "slack:" + id, name: name, email: email, timezone: zone,
                                          isBot: isBot, fromDirectory: false, location: here))
            }
        } else {
            sink.warn("the export has no users.json: people are created from their Slack ids, without names, "
                + "e-mail addresses or time zones", at: InputLocation(file: path))
        }

        // Channels: the folder of day files is the channel's name at export time (for direct messages, its id).
        var byFolder: [String: Channel] = [:]
        var missingLists: [String] = []
        for (list, kind) in [("channels.json", ChannelKind.public), ("groups.json", .private), ("dms.json", .direct),
                             ("mpims.json", .group)] {
            guard files.contains(list) else {
                missingLists.append(list)
                continue
            }
            for (index, value) in try array(files, list, location: location).enumerated() {
                guard let channel = value as? [String: Any], let id = channel["id"] as? String, !id.isEmpty else {
                    try sink.fail(ImportError(at: location(list, "[\(index)].id"), message: "the channel has no 'id' string",
                                              fix: "export the workspace again; \(list) is damaged"))
                    continue
                }
                let name = (channel["name"] as? String).flatMap { $0.isEmpty ? nil : $0 }
                let display: String
                if let name { display = name } else if kind == .direct, let members = channel["members"] as? [String] {
                    display = members.joined(separator: ", ")
                } else { display = id }
                let entry = Channel(id: id, name: display, kind: kind)
                byFolder[name ?? id] = entry
                if byFolder[id] == nil { byFolder[id] = entry }
                notes.channels[kind, default: 0] += 1
            }
        }
        if missingLists.contains("groups.json") && missingLists.contains("dms.json")
            && missingLists.contains("mpims.json") {
            sink.warn("public channels only (no groups.json, dms.json or mpims.json: a free-plan or public-only export): "
                + "documentation.open_channel_share sees no private or direct messages, so it reads high",
                      at: InputLocation(file: path))
        } else if !missingLists.isEmpty {
            sink.warn("the export has no \(missingLists.joined(separator: ", ")): those kinds of conversation are "
                + "not in the data", at: InputLocation(file: path))
        }

        // Messages, one day file at a time.
        let source = "slack:" + (workspace ?? input.url.deletingPathExtension().lastPathComponent)
        var bots: Set<String> = []
        var unknownUsers: Set<String> = []
        var read = 0
        var unlisted: Set<String> = []
        var dayPaths: [String] = []
        for file in files.paths {
            if SlackDayFile.parse(file) != nil {
                dayPaths.append(file)
            } else if !file.contains("/") && !Self.knownTopLevel.contains(file) {
                notes.otherFiles.insert(file)
            }
        }
        // Day files are read and decoded on a thread of their own, a few ahead of the records (bounded: memory
        // stays flat), so decoding, the checks and the store's writes use both cores.
        let decoder = DayFileDecoder(files: files, paths: dayPaths, ahead: 4) { file in
            do throws(ImportError) { return .success(try Self.decodeDay(files, file, location: location)) } catch {
                return .failure(error)
            }
        }
        defer { decoder.cancel() }
        let batchSink = sink as? MessageBatchSink
        var seenKeys = IdHashSet()
        var introduced: Set<String> = []
        for (number, file) in dayPaths.enumerated() {
            let day = SlackDayFile.parse(file)!
            var batch = MessageBatch(capacity: 512, origin: location(file))
            let channel: Channel
            if let listed = byFolder[day.folder] {
                channel = listed
            } else {
                channel = Channel(id: day.folder, name: day.folder, kind: .public)
                if unlisted.insert(day.folder).inserted {
                    sink.warn("the folder '\(day.folder)' is in no channel list: imported as a public channel keyed "
                        + "by its folder name", at: location(file))
                }
            }
            let messages: [SlackMessage]
            switch decoder.take(number) {
            case .success(let decoded): messages = decoded
            case .failure(let error):
                try sink.fail(error)
                continue
            }
            notes.dayFiles += 1
            for (index, message) in messages.enumerated() {
                read += 1
                let here = location(file, "[\(index)]")
                guard let ts = message.ts else {
                    try sink.fail(ImportError(at: here.field("sent_at"), message: "the message has no 'ts'",
                                              fix: "every message needs its 'ts' string (\"1736478630.905399\"); "
                                                + "export the workspace again"))
                    continue
                }
                guard let sentAt = Self.instant(ts) else {
                    try sink.fail(ImportError(at: here.field("sent_at"),
                                              message: "'\(ts)' is not a Slack timestamp (seconds.micros)",
                                              fix: "export the workspace again; this day file is damaged"))
                    continue
                }
                let subtype = message.subtype
                if let subtype, Self.eventSubtypes.contains(subtype) {
                    sink.skip(reason: "edit and delete events (\(subtype))")
                    continue
                }
                guard seenKeys.insert(fnv1a64(channel.id, ts)) else {
                    sink.skip(reason: "messages seen twice (same channel and ts: one message)")
                    continue
                }
                // The author: the user; a file comment's commenter; a bot's id.
                var author: String?
                if let user = message.user, !user.isEmpty {
                    author = user
                } else if let user = message.comment?.user, !user.isEmpty {
                    author = user
                } else if let bot = message.bot_id, !bot.isEmpty {
                    author = bot
                    if bots.insert(bot).inserted && !known.contains(bot) {
                        let name = message.username ?? message.bot_profile?.name
                        try sink.add(PersonRecord(personId: "slack:" + bot, name: name, isBot: true,
                                                  fromDirectory: false, location: here.field("bot_id")))
                        known.insert(bot)
                        notes.bots += 1
                    }
                }
                guard let author else {
                    sink.skip(reason: "messages with no user and no bot_id")
                    continue
                }
                if !known.contains(author) && unknownUsers.insert(author).inserted {
                    notes.unknownUsers += 1
                }
                var threadId: String?
                if let threadTs = message.thread_ts, threadTs != ts {
                    threadId = threadTs
                    notes.replies += 1
                }
                if subtype == "thread_broadcast" { notes.broadcasts += 1 }
                if subtype == "tombstone" { notes.tombstones += 1 }
                if message.edited != nil { notes.edited += 1 }
                if subtype == "file_share" || message.files != nil || message.file != nil { notes.withFiles += 1 }
                let isSystem = subtype.map { Self.systemSubtypes.contains($0) } ?? false
                if isSystem { notes.system += 1 }
                let rendered = SlackText.render(message.text ?? "")
                notes.messages += 1
                let record = MessageRecord(
                    messageId: ts, channel: channel.id, channelKind: channel.kind, author: "slack:" + author,
                    sentAt: sentAt, threadId: threadId, mentions: rendered.mentions.map { "slack:" + $0 },
                    isSystem: isSystem, source: source, text: rendered.text, channelName: channel.name,
                    location: here)
                // A channel's first message goes as a record (it names the channel); the others go a batch at a
                // time, the faster path of the checks and the store (AddingASource.md, "Reading").
                if let batchSink, introduced.contains(channel.id) {
                    batch.append(record)
                    if batch.count >= 512 {
                        try batchSink.add(batch)
                        batch = MessageBatch(capacity: 512, origin: location(file))
                    }
                } else {
                    if let batchSink, !batch.isEmpty {
                        try batchSink.add(batch)
                        batch = MessageBatch(capacity: 512, origin: location(file))
                    }
                    try sink.add(record)
                    introduced.insert(channel.id)
                }
            }
            if let batchSink, !batch.isEmpty { try batchSink.add(batch) }
        }
        if notes.unknownUsers > 0 {
            sink.warn("\(notes.unknownUsers) author\(notes.unknownUsers == 1 ? " is" : "s are") not in users.json: "
                + "people created from their Slack ids", at: InputLocation(file: path))
        }
        for line in notes.lines(unlistedFiles: notes.otherFiles) { sink.note(line) }
        return read
    }

    static let knownTopLevel: Set<String> = Set(SlackExportFiles.metadataFiles + ["integration_logs.json",
                                                                                  "canvases.json", "huddles.json"])

    /// What the summary says about an export, beyond the counts of rows.
    struct Notes {
        var messages = 0, replies = 0, broadcasts = 0, tombstones = 0, edited = 0, withFiles = 0, system = 0
        var bots = 0, deletedUsers = 0, unknownUsers = 0, dayFiles = 0
        var channels: [ChannelKind: Int] = [:]
        var otherFiles: Set<String> = []

        func lines(unlistedFiles: Set<String>) -> [String] {
            let kinds = [ChannelKind.public, .private, .direct, .group].map { "\(channels[$0, default: 0]) \($0.rawValue)" }
            var out: [String] = [
                "\(dayFiles) day files, \(messages) messages (\(replies) thread replies, \(broadcasts) also "
                    + "sent to the channel, \(tombstones) deleted thread parents, \(system) system messages, "
                    + "\(edited) edited (time is the original post), \(withFiles) with files); channels: "
                    + kinds.joined(separator: ", ") + "; \(bots) bots, \(deletedUsers) deleted users kept"]
            if !unlistedFiles.isEmpty {
                out.append("not read (not part of what maturity imports): " + unlistedFiles.sorted().joined(separator: ", "))
            }
            return out
        }
    }

    /// What a day file's message holds that the import reads (every other key is validated and skipped):
    /// built by `SlackDayParser`. `Decodable` too, so tests can compare the parser with `JSONDecoder`.
    struct SlackMessage: Decodable, Sendable, Equatable {
        var ts: String?
        var user: String?
        var text: String?
        var subtype: String?
        var thread_ts: String?
        var bot_id: String?
        var username: String?
        var comment: Comment?
        var bot_profile: BotProfile?
        var edited: Present?
        var files: Present?
        var file: Present?

        struct Comment: Decodable, Sendable, Equatable { var user: String? }
        struct BotProfile: Decodable, Sendable, Equatable { var name: String? }
        /// A key whose presence is all that counts.
        struct Present: Decodable, Sendable, Equatable {
            init() {}
            init(from decoder: Decoder) throws {}
        }
    }

    /// A day file's messages; an error at the file (not JSON) or at the JSON path of a value of the wrong type.
    static func decodeDay(_ files: SlackExportFiles, _ file: String, location: (String, String?) -> InputLocation)
        throws(ImportError) -> [SlackMessage]
    {
        let data: Data
        do { data = try files.data(file) } catch let error as ImportError { throw error } catch {
            throw ImportError(at: location(file, nil), message: "cannot read the file (\(error))", fix: "check the export")
        }
        do throws(SlackDayParser.Failure) {
            return try SlackDayParser.parse(data)
        } catch {
            let damaged = "export the workspace again; this file is damaged"
            guard let path = error.path else {
                let array = error.message == "the file holds no JSON array"
                throw ImportError(at: location(file, nil), message: array ? error.message : "not valid JSON: " + error.message,
                                  fix: array ? "export the workspace again; a Slack export file is an array of objects"
                                      : damaged)
            }
            let fix = path.hasSuffix("].ts") ? "every message needs its 'ts' string (\"1736478630.905399\"); export the workspace again"
                : damaged
            throw ImportError(at: location(file, path), message: error.message, fix: fix)
        }
    }

    /// A JSON file of the export that must hold an array.
    private func array(_ files: SlackExportFiles, _ file: String, location: (String, String?) -> InputLocation) throws
        -> [Any]
    {
        let data = try files.data(file)
        let value: Any
        do { value = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) } catch {
            let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
            throw ImportError(at: location(file, nil), message: "not valid JSON: \(detail)",
                              fix: "export the workspace again; this file is damaged")
        }
        guard let array = value as? [Any] else {
            throw ImportError(at: location(file, nil), message: "the file holds no JSON array",
                              fix: "export the workspace again; a Slack export file is an array of objects")
        }
        return array
    }

    /// Epoch milliseconds of a `ts` (`"1736478630.905399"`), truncated; nil when it is not digits with an
    /// optional fraction.
    static func instant(_ ts: String) -> Instant? {
        let parts = ts.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty, whole.utf8.count <= 12,
              whole.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let seconds = Int64(whole) else { return nil }
        var millis: Int64 = 0
        if parts.count == 2 {
            let fraction = parts[1]
            guard !fraction.isEmpty, fraction.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
            let three = Array(fraction.utf8.prefix(3)) + Array(repeating: 0x30, count: max(0, 3 - fraction.utf8.count))
            millis = three.reduce(0) { $0 * 10 + Int64($1 - 0x30) }
        }
        return seconds * 1000 + millis
    }
}

/// Slack exports, recognised by content: a folder, or a ZIP, whose root holds `users.json` or `channels.json`
/// and channel folders of `YYYY-MM-DD.json` day files.
struct SlackRecogniser: FormatRecogniser {
    var formats: [ImportFormat] { [SlackExportImporter.format] }
    var description: String {
        "Slack workspace export (a ZIP or folder with users.json or channels.json and channel folders of day files)"
    }

    func recognise(_ url: URL, isDirectory: Bool, head: Data, options: ImportOptions) -> RecognisedInput? {
        guard SlackExportFiles.looksLikeExport(url, isDirectory: isDirectory, head: head) else { return nil }
        return RecognisedInput(url: url, importer: SlackExportImporter(),
                               reason: "Slack workspace export (by its users.json, channels.json and day files)")
    }
}

/// Reads and decodes day files on a thread of its own, at most `ahead` files before the one the importer
/// takes, in order.
final class DayFileDecoder: @unchecked Sendable {
    private let condition = NSCondition()
    private var ready: [Int: Result<[SlackExportImporter.SlackMessage], ImportError>] = [:]
    private var taken = 0
    private var cancelled = false

    init(files: SlackExportFiles, paths: [String], ahead: Int,
         decode: @escaping (String) -> Result<[SlackExportImporter.SlackMessage], ImportError>) {
        let shared = UncheckedBox((files, decode))
        let thread = Thread { [self] in
            let (_, decode) = shared.value
            for (index, path) in paths.enumerated() {
                condition.lock()
                while index - taken >= ahead && !cancelled { condition.wait() }
                let stop = cancelled
                condition.unlock()
                if stop { return }
                let result = decode(path)
                condition.lock()
                ready[index] = result
                condition.broadcast()
                condition.unlock()
            }
        }
        thread.stackSize = 4 << 20
        thread.start()
    }

    /// The decoded messages of the `index`-th day file (waiting for them).
    func take(_ index: Int) -> Result<[SlackExportImporter.SlackMessage], ImportError> {
        condition.lock()
        defer { condition.unlock() }
        while ready[index] == nil { condition.wait() }
        taken = index + 1
        condition.broadcast()
        return ready.removeValue(forKey: index)!
    }

    /// Stops the thread after the file it is decoding.
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }
}

private struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

