import Foundation

/// The derived features of a meeting occurrence: conferencing boilerplate, agenda, notes and join links
/// (metrics section 5 and Appendix A), and status-meeting titles (section 2).
public enum MeetingFeatures {
    /// The minimum agenda text length, in Unicode scalars, of an agenda.
    public static let minimumAgendaLength = 40

    /// The words that make a title a status meeting when one of them matches as a word.
    public static let statusTitleWords = ["standup", "stand-up", "status", "sync", "check-in", "daily"]

    /// Appendix A rule 2: keys that are boilerplate as a whole.
    public static let boilerplateKeys: Set<String> = ["learn more", "meeting options", "google meet", "zoom", "webex",
                                                      "join"]

    /// Appendix A rule 3: key prefixes that make a line boilerplate.
    public static let boilerplatePrefixes = [
        "join zoom meeting", "join with google meet", "join google meet", "join microsoft teams meeting",
        "join the meeting", "join meeting", "join on your computer", "join on the web", "join by phone",
        "join by sip", "join by h.323", "join by h323", "join by skype", "join with a video conferencing device",
        "join from a video system", "join from the webex app", "join webex meeting", "join by video system",
        "join:", "click here to join", "microsoft teams meeting", "microsoft teams need help", "need help?",
        "google meet joining info", "meeting link", "zoom meeting id", "meeting id", "meeting number",
        "meeting password", "phone conference id", "video conference id", "conference id", "access code",
        "tenant key", "one tap mobile", "tap to join", "dial by your location", "dial-in", "dial in", "or dial",
        "dial:", "find your local number", "find a local number", "more phone numbers", "or call in",
        "call in (audio only)", "alternate vtc instructions", "download teams", "learn more about meet",
        "learn more about teams", "learn more |", "meeting options |", "reset pin", "please do not edit",
        "invitation from google calendar", "you are receiving this", "forwarding this invitation",
        "to stop receiving", "view all guest info", "reply for ", "this event has a video call",
    ]

    /// Appendix A rule 4: labels that, followed by optional white space and `:` or `#`, make a line boilerplate.
    public static let credentialLabels = ["meeting id", "passcode", "password", "pin", "conference id",
                                          "access code"]

    // MARK: Boilerplate and agenda

    /// Whether `line` of a meeting description is conferencing boilerplate (Appendix A rules 1-6), judged on
    /// the line once its URLs are removed.
    public static func isBoilerplateLine(_ line: Substring) -> Bool {
        let rest = TextRules.removingURLs(line)
        // Rule 1: no letter or number.
        if !rest.unicodeScalars.contains(where: TextRules.isLetterOrNumber) { return true }
        // Rules 2 and 3: the key.
        let key = boilerplateKey(rest)
        if boilerplateKeys.contains(where: { key.utf8.elementsEqual($0.utf8) }) { return true }
        if boilerplatePrefixes.contains(where: { startsWith(key, $0) }) { return true }
        return UTF8Scanning.withBytes(of: rest) { bytes in
            hasCredentialLabel(bytes) || hasDialString(bytes) || startsWithCountryNumber(bytes)
        }
    }

    /// The key of a line's rest (Appendix A rule 2): leading `-`, `*`, `•`, `>` and white space removed,
    /// collapsed, ASCII lower case.
    public static func boilerplateKey(_ rest: String) -> String {
        let scalars = rest.unicodeScalars
        let start = scalars.firstIndex { scalar in
            !(scalar == "-" || scalar == "*" || scalar == "\u{2022}" || scalar == ">" || TextRules.isWhiteSpace(scalar))
        } ?? scalars.endIndex
        return TextRules.asciiLowercased(TextRules.collapse(String(String.UnicodeScalarView(scalars[start...]))))
    }

    /// The description without conferencing boilerplate: the lines that are not boilerplate, their URLs
    /// removed, joined with spaces, collapsed.
    public static func agendaText(_ description: String) -> String {
        let kept = TextRules.lines(description).filter { !isBoilerplateLine($0) }.map { TextRules.removingURLs($0) }
        return TextRules.collapse(kept.joined(separator: " "))
    }

    /// The length of ``agendaText(_:)`` in Unicode scalars.
    public static func agendaLength(_ description: String) -> Int {
        TextRules.scalarCount(agendaText(description))
    }

    /// Whether the agenda text has at least 40 characters (Unicode scalars).
    public static func hasAgenda(_ description: String) -> Bool {
        agendaLength(description) >= minimumAgendaLength
    }

    // MARK: Notes and join links

    /// Whether the meeting has notes: its `notes_url` (trimmed) is not empty and is not a join link, or a line of
    /// its description that is not boilerplate holds a URL that is not a join link.
    public static func hasNotes(description: String, notesURL: String?) -> Bool {
        if let notesURL {
            let trimmed = TextRules.trim(notesURL[...])
            if !trimmed.isEmpty && !isJoinLink(trimmed) { return true }
        }
        for line in TextRules.lines(description) where !isBoilerplateLine(line) {
            if TextRules.urls(in: line).contains(where: { !isJoinLink($0) }) { return true }
        }
        return false
    }

    /// Whether `url` is a conferencing join link (Appendix A, "Join links"). `url` is a URL as the spec defines
    /// it (`http://` or `https://`, any ASCII case); anything else is not a join link.
    public static func isJoinLink(_ url: Substring) -> Bool {
        guard let (host, path) = hostAndPath(url) else { return false }
        func covers(_ domain: String) -> Bool {
            host.utf8.elementsEqual(domain.utf8) || host.utf8.reversed().starts(with: ("." + domain).utf8.reversed())
        }
        func hostIs(_ names: String...) -> Bool { names.contains { host.utf8.elementsEqual($0.utf8) } }
        func pathStarts(_ prefixes: String...) -> Bool { prefixes.contains { startsWith(path, $0) } }
        let pathIsLongerThanSlash = path.utf8.count > 1

        if covers("zoom.us") || covers("zoom.com") {
            if pathStarts("/j/", "/my/", "/w/", "/s/", "/wc/join/") { return true }
        }
        if hostIs("meet.google.com") && pathIsLongerThanSlash { return true }
        if hostIs("tel.meet") && !path.isEmpty { return true }
        if hostIs("g.co") && pathStarts("/meet/") { return true }
        if hostIs("teams.microsoft.com") && pathStarts("/l/meetup-join/") { return true }
        if hostIs("teams.live.com") && pathStarts("/meet/") { return true }
        if covers("webex.com") {
            if pathStarts("/meet/", "/join/", "/wbxmjs/joinservice") { return true }
            if isWebexSitePHPJoin(path) { return true }
        }
        if hostIs("gotomeeting.com", "global.gotomeeting.com") && pathStarts("/join/") { return true }
        if hostIs("meet.goto.com") && !path.isEmpty { return true }
        if hostIs("whereby.com", "meet.jit.si", "chime.aws", "bluejeans.com") && pathIsLongerThanSlash { return true }
        return false
    }

    /// The ASCII-lower-case host and path of a URL: the host is what follows `://` up to the first `/`, `?`, `#`
    /// or the end; the path is the rest from that `/` on (empty when the host is followed by `?`, `#` or
    /// nothing). Nil when `url` does not start with `http://` or `https://`.
    public static func hostAndPath(_ url: Substring) -> (host: String, path: String)? {
        UTF8Scanning.withBytes(of: url) { bytes -> (host: String, path: String)? in
            let lowered = bytes.map(UTF8Scanning.lowered)
            let http = Array("http://".utf8), https = Array("https://".utf8)
            let hostStart: Int
            if lowered.starts(with: http) {
                hostStart = http.count
            } else if lowered.starts(with: https) {
                hostStart = https.count
            } else {
                return nil
            }
            var hostEnd = hostStart
            while hostEnd < lowered.count {
                let byte = lowered[hostEnd]
                if byte == UInt8(ascii: "/") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "#") { break }
                hostEnd += 1
            }
            let host = String(decoding: lowered[hostStart..<hostEnd], as: UTF8.self)
            let hasPath = hostEnd < lowered.count && lowered[hostEnd] == UInt8(ascii: "/")
            let path = hasPath ? String(decoding: lowered[hostEnd...], as: UTF8.self) : ""
            return (host, path)
        }
    }

    // MARK: Status meetings

    /// Whether a title names a status meeting: `standup`, `stand-up`, `status`, `sync`, `check-in` or `daily`
    /// matches as a word (`Daily-standup` is one, `status_report` and `Check-ins` are not).
    public static func isStatusTitle(_ title: String) -> Bool {
        statusTitleWords.contains { TextRules.matchesAsWord($0, in: title) }
    }

    // MARK: Rules 4-6

    private static let loweredCredentialLabels = credentialLabels.map(UTF8Scanning.loweredBytes)

    /// Rule 4: a credential label not preceded by an ASCII letter, digit or `_`, then optional white space and
    /// `:` or `#`, ignoring ASCII case.
    private static func hasCredentialLabel(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for label in loweredCredentialLabels {
            var from = 0
            while let found = UTF8Scanning.firstMatch(of: label, in: bytes, range: 0..<bytes.count, from: from,
                                                      asWord: false) {
                from = found + 1
                if found > 0 && UTF8Scanning.isWordByte(bytes[found - 1]) { continue }
                let next = UTF8Scanning.skippingWhiteSpace(bytes, from: found + label.count)
                if next < bytes.count && (bytes[next] == UInt8(ascii: ":") || bytes[next] == UInt8(ascii: "#")) {
                    return true
                }
            }
        }
        return false
    }

    /// Rule 5: `+`, at most one white-space character, an ASCII digit, then at least six characters each an
    /// ASCII digit, white space or one of `( ) . , # * -`.
    private static func hasDialString(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for index in 0..<bytes.count where bytes[index] == UInt8(ascii: "+") {
            guard let digit = digitAfterOptionalSpace(bytes, from: index + 1) else { continue }
            if runLength(bytes, from: digit + 1, extra: "(),.#*-") >= 6 { return true }
        }
        return false
    }

    /// Rule 6: at the start after optional white space, two ASCII letters in parentheses, optional white space,
    /// an optional `+`, an ASCII digit and at least six characters each an ASCII digit, white space or `( ) . -`.
    private static func startsWithCountryNumber(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = UTF8Scanning.skippingWhiteSpace(bytes, from: 0)
        guard index + 4 <= bytes.count,
              bytes[index] == UInt8(ascii: "("),
              UTF8Scanning.isASCIILetter(bytes[index + 1]),
              UTF8Scanning.isASCIILetter(bytes[index + 2]),
              bytes[index + 3] == UInt8(ascii: ")")
        else { return false }
        index = UTF8Scanning.skippingWhiteSpace(bytes, from: index + 4)
        if index < bytes.count && bytes[index] == UInt8(ascii: "+") { index += 1 }
        guard index < bytes.count, UTF8Scanning.isASCIIDigit(bytes[index]) else { return false }
        return runLength(bytes, from: index + 1, extra: "().-") >= 6
    }

    /// The offset of an ASCII digit at `index`, or after one white-space character at `index`.
    private static func digitAfterOptionalSpace(_ bytes: UnsafeBufferPointer<UInt8>, from index: Int) -> Int? {
        guard index < bytes.count else { return nil }
        if UTF8Scanning.isASCIIDigit(bytes[index]) { return index }
        let space = UTF8Scanning.whiteSpaceLength(bytes, at: index)
        guard space > 0, index + space < bytes.count, UTF8Scanning.isASCIIDigit(bytes[index + space]) else {
            return nil
        }
        return index + space
    }

    /// The number of characters from `index` on that are ASCII digits, white space or one of `extra`.
    private static func runLength(_ bytes: UnsafeBufferPointer<UInt8>, from index: Int, extra: String) -> Int {
        let extraBytes = Array(extra.utf8)
        var position = index
        var characters = 0
        while position < bytes.count {
            let byte = bytes[position]
            if UTF8Scanning.isASCIIDigit(byte) || extraBytes.contains(byte) {
                position += 1
            } else {
                let space = UTF8Scanning.whiteSpaceLength(bytes, at: position)
                guard space > 0 else { break }
                position += space
            }
            characters += 1
        }
        return characters
    }

    /// Whether `text` starts with `prefix`, compared scalar by scalar (no canonical equivalence).
    private static func startsWith(_ text: String, _ prefix: String) -> Bool {
        text.utf8.starts(with: prefix.utf8)
    }

    /// `/`, one or more ASCII letters, digits, `_` or `-`, then `/j.php`.
    private static func isWebexSitePHPJoin(_ path: String) -> Bool {
        let bytes = Array(path.utf8)
        guard bytes.first == UInt8(ascii: "/") else { return false }
        var index = 1
        while index < bytes.count && (UTF8Scanning.isWordByte(bytes[index]) || bytes[index] == UInt8(ascii: "-")) {
            index += 1
        }
        return index > 1 && bytes[index...].starts(with: "/j.php".utf8)
    }
}
