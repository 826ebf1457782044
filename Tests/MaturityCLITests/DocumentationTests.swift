import Foundation
import MaturityTestSupport
import Testing

/// The documentation checked against the real `maturity` binary:
/// - every `maturity <command> [<subcommand>]` and every `--option` README.md names exists, according to the
///   binary's own `--help` of that command;
/// - every SQL example of Documentation/Schema.md (and every `maturity sql "..."` example of either file) runs
///   on a store holding datasets/sample.
///
/// Both read the documents as they are: nothing here lists the commands, options or queries.
@Suite struct CLIDocumentationTests {
    static let readme = repositoryRoot.appendingPathComponent("README.md")
    static let schema = repositoryRoot.appendingPathComponent("Documentation/Schema.md")

    @Test func everyCommandAndOptionTheReadmeNamesExists() throws {
        let text = try String(contentsOf: Self.readme, encoding: .utf8)
        let units = MarkdownCommands.units(of: text)
        let helps = HelpCache()
        var problems: [String] = []
        var commands = Set<String>()
        var options = Set<String>()
        // Options named without a command (in prose before any command name): some command must have them.
        let anyCommandOptions = helps.allOptions()
        for unit in units {
            var context: [String]?
            for event in unit.events {
                switch event {
                case .mention(let mention):
                    let resolved = helps.resolve(mention.words)
                    problems += resolved.problems.map { "README.md:\(mention.line): `\(mention.source)`: \($0)" }
                    guard let path = resolved.path else { continue }
                    if !path.isEmpty {
                        commands.insert(path.joined(separator: " "))
                        context = path
                    }
                    let known = helps.options(of: path)
                    for option in mention.options {
                        options.insert(option)
                        if !known.contains(option) {
                            problems.append("README.md:\(mention.line): `\(mention.source)`: "
                                + "\(HelpCache.display(path)) has no option \(option)")
                        }
                    }
                case .commandName(let name):
                    if helps.help(of: []).subcommands.contains(name) { context = [name] }
                case .options(let line, let source, let names):
                    for option in names {
                        options.insert(option)
                        if let context {
                            if !helps.options(of: context).contains(option) {
                                problems.append("README.md:\(line): `\(source)` (named after the command "
                                    + "`\(HelpCache.display(context))`): \(HelpCache.display(context)) has no "
                                    + "option \(option)")
                            }
                        } else if !anyCommandOptions.contains(option) {
                            problems.append("README.md:\(line): `\(source)`: no command has the option \(option)")
                        }
                    }
                }
            }
        }
        problems += helps.problems
        // The parse must find the README's commands and options, not silently nothing.
        #expect(commands.count >= 8, "found only these commands in README.md: \(commands.sorted())")
        #expect(options.count >= 10, "found only these options in README.md: \(options.sorted())")
        if !problems.isEmpty {
            Issue.record(Comment(rawValue: "README.md names commands or options that `maturity` does not have "
                + "(checked against `maturity <command> --help`):\n" + problems.joined(separator: "\n")))
        }
    }

    @Test func everySQLExampleOfTheSchemaRunsOnTheSampleStore() throws {
        var examples: [(place: String, query: String)] = []
        for (name, url) in [("Documentation/Schema.md", Self.schema), ("README.md", Self.readme)] {
            let found = MarkdownCommands.sqlExamples(of: try String(contentsOf: url, encoding: .utf8))
            examples += found.map { ("\(name):\($0.line)", $0.query) }
            if name == "Documentation/Schema.md" {
                #expect(found.count >= 10, "found only \(found.count) SQL examples in \(name)")
            }
        }
        let workspace = try Workspace("documentation")
        defer { workspace.cleanUp() }
        try workspace.initialiseAndImport(repositoryRoot.appendingPathComponent("datasets/sample").path,
                                          initArguments: ["--org-timezone", "Europe/Berlin"],
                                          // The sample's Jira CSV carries no offsets (Jira writes none).
                                          importArguments: ["--timezone", "Europe/Berlin"])
        var failures: [String] = []
        for example in examples {
            let result = workspace.run("sql", [example.query])
            if result.status != 0 || result.stderr.contains("error") {
                failures.append("\(example.place): \(result.stderr.trimmingCharacters(in: .whitespacesAndNewlines))"
                    + " (exit \(result.status))\n\(example.query)")
            }
        }
        if !failures.isEmpty {
            Issue.record(Comment(rawValue: "SQL examples that fail on a store holding datasets/sample:\n"
                + failures.joined(separator: "\n\n")))
        }
    }
}

// MARK: - The binary's help

/// What `maturity <path> --help` says about a command.
struct CommandHelp {
    var options: Set<String> = []
    var subcommands: [String] = []
    var defaultSubcommand: String?
    /// The command takes positional arguments (it has an ARGUMENTS section).
    var takesArguments = false

    /// Parses ArgumentParser's help: section titles in capitals (`OPTIONS:`, `SUBCOMMANDS:`, or an option
    /// group's own title), entries indented by two spaces, their names before the first run of two spaces.
    init(_ text: String) {
        var section = ""
        for line in lines(text) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if !line.hasPrefix(" "), let colon = line.firstIndex(of: ":") {
                let title = line[..<colon]
                if !title.isEmpty, title == title.uppercased(), title.allSatisfy({ $0.isLetter || $0 == " " }) {
                    section = String(title)
                    continue
                }
            }
            guard line.hasPrefix("  "), !line.hasPrefix("   "), !trimmed.isEmpty else { continue }
            let names = trimmed.components(separatedBy: "  ").first ?? trimmed
            switch section {
            case "USAGE", "OVERVIEW":
                continue
            case "SUBCOMMANDS":
                // Entries only (not the closing "See 'maturity help <subcommand>' ..." line).
                guard let name = names.split(separator: " ").first.map(String.init),
                      MarkdownCommands.isName(name) else { continue }
                subcommands.append(name)
                if names.contains("(default)") { defaultSubcommand = name }
            case "ARGUMENTS":
                takesArguments = true
            default:
                if names.hasPrefix("-") { options.formUnion(MarkdownCommands.optionNames(in: names)) }
            }
        }
    }
}

/// Runs `maturity <path> --help` once per command and answers what a command has.
final class HelpCache {
    private var cache: [[String]: CommandHelp] = [:]
    private(set) var problems: [String] = []

    static func display(_ path: [String]) -> String { (["maturity"] + path).joined(separator: " ") }

    func help(of path: [String]) -> CommandHelp {
        if let known = cache[path] { return known }
        let result = RunBinary.run(path + ["--help"])
        var help = CommandHelp("")
        if result.status == 0 {
            help = CommandHelp(result.stdout)
        } else {
            problems.append("`\(Self.display(path)) --help` failed: \(result)")
        }
        cache[path] = help
        return help
    }

    /// The options a command accepts: its own and, when it has a default subcommand, that one's.
    func options(of path: [String]) -> Set<String> {
        let help = help(of: path)
        var options = help.options
        // The root's built-in that `--help` does not list: counted only when it really works.
        if path.isEmpty, RunBinary.run(["--generate-completion-script", "bash"]).status == 0 {
            options.insert("--generate-completion-script")
        }
        guard let sub = help.defaultSubcommand else { return options }
        return options.union(self.help(of: path + [sub]).options)
    }

    /// Every option of the root, its commands and their subcommands.
    func allOptions() -> Set<String> {
        var all = Set<String>()
        var pending: [[String]] = [[]]
        while let path = pending.popLast() {
            let help = help(of: path)
            all.formUnion(help.options)
            if path.count < 3 { pending += help.subcommands.map { path + [$0] } }
        }
        return all
    }

    /// The command path that `maturity <words>` runs (nil when it names no command), and what is wrong.
    func resolve(_ words: [MarkdownCommands.Word]) -> (path: [String]?, problems: [String]) {
        var words = words[...]
        // `maturity help <command>` shows the help of <command>.
        if let first = words.first, !first.quoted, first.text == "help" { words = words.dropFirst() }
        var path: [String] = []
        for word in words {
            guard !word.quoted, MarkdownCommands.isName(word.text) else { break }
            let help = help(of: path)
            if help.subcommands.contains(word.text) {
                path.append(word.text)
                continue
            }
            if path.isEmpty {
                return (nil, ["no command '\(word.text)' (`maturity --help` lists: "
                    + "\(help.subcommands.joined(separator: ", ")))"])
            }
            // A value (a kind, a metric's name), unless the command takes none.
            let takesArguments = help.takesArguments
                || help.defaultSubcommand.map { self.help(of: path + [$0]).takesArguments } == true
            if !help.subcommands.isEmpty && !takesArguments {
                return (path, ["\(Self.display(path)) has no subcommand '\(word.text)' (it has: "
                    + "\(help.subcommands.joined(separator: ", ")))"])
            }
            break
        }
        return (path, [])
    }
}

// MARK: - Reading the Markdown

/// The commands a Markdown document shows: `maturity ...` lines of shell and console code blocks, and inline
/// code in prose and tables.
enum MarkdownCommands {
    /// A shell word; `quoted` when any of it was in quotes.
    struct Word {
        var text: String
        var quoted: Bool
    }

    /// `maturity <words>`: where, as written, and the options among its unquoted words.
    struct Mention {
        var line: Int
        var source: String
        var words: [Word]
        var options: [String] {
            words.filter { !$0.quoted && $0.text.drop(while: { "[(".contains($0) }).hasPrefix("--") }
                .flatMap { optionNames(in: $0.text) }
        }
    }

    enum Event {
        /// A `maturity ...` command line or inline code.
        case mention(Mention)
        /// Inline code that is just a word, such as `assess`: a command's name, when the binary has it.
        case commandName(String)
        /// Inline code starting with `--`: options, which belong to the command named before them in the unit.
        case options(line: Int, source: String, [String])
    }

    /// A paragraph, list item, table row or code block line: options in prose belong to the last command
    /// named before them in the same unit.
    struct Unit {
        var events: [Event] = []
    }

    /// Whether `text` looks like a command's name.
    static func isName(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    /// The `--name`s in `text`: `--` at the start of a word (not inside one, not `---`) and a letter or digit.
    static func optionNames(in text: String) -> [String] {
        let scalars = Array(text.unicodeScalars)
        func isNameScalar(_ s: Unicode.Scalar) -> Bool {
            ("a"..."z").contains(s) || ("A"..."Z").contains(s) || ("0"..."9").contains(s) || s == "-"
        }
        var names: [String] = []
        var index = 0
        while index + 2 < scalars.count {
            let atWordStart = index == 0 || !(isNameScalar(scalars[index - 1]))
            if atWordStart, scalars[index] == "-", scalars[index + 1] == "-", scalars[index + 2] != "-",
               isNameScalar(scalars[index + 2]) {
                var end = index + 2
                while end < scalars.count, isNameScalar(scalars[end]) { end += 1 }
                var name = String(String.UnicodeScalarView(scalars[index..<end]))
                while name.hasSuffix("-") { name.removeLast() }
                names.append(name)
                index = end
            } else {
                index += 1
            }
        }
        return names
    }

    /// Splits shell text into words (double and single quotes group, a backslash escapes the next character).
    /// With `commands`, also cuts at unquoted `|`, `;`, `&`, `<`, `>` and at a `#` comment, giving each
    /// command its words; without, returns one command (for inline code, where `a|b` lists choices).
    static func shellCommands(_ text: String, commands: Bool) -> [[Word]] {
        var result: [[Word]] = [[]]
        var word = "", quoted = false, inWord = false
        var quote: Character?
        var escaped = false
        func endWord() {
            if inWord { result[result.count - 1].append(Word(text: word, quoted: quoted)) }
            word = ""; quoted = false; inWord = false
        }
        for character in text {
            if escaped {
                word.append(character); inWord = true; escaped = false
                continue
            }
            if let open = quote {
                if character == open { quote = nil } else { word.append(character) }
                continue
            }
            switch character {
            case "\\":
                escaped = true
            case "\"", "'":
                quote = character; quoted = true; inWord = true
            case " ", "\t", "\n":
                endWord()
            case "#" where commands && !inWord:
                endWord()
                return result.filter { !$0.isEmpty }
            case "|", ";", "&", "<", ">":
                if commands {
                    endWord()
                    if !(result.last?.isEmpty ?? true) { result.append([]) }
                } else {
                    word.append(character); inWord = true
                }
            default:
                word.append(character); inWord = true
            }
        }
        endWord()
        return result.filter { !$0.isEmpty }
    }

    /// The words after `maturity` when `words` runs it (after `VAR=value` assignments), else nil.
    static func maturityArguments(_ words: [Word]) -> [Word]? {
        var rest = words[...]
        while let first = rest.first, !first.quoted, first.text.contains("="), !first.text.hasPrefix("-") {
            rest = rest.dropFirst()
        }
        guard let command = rest.first, !command.quoted,
              command.text == "maturity" || command.text.hasSuffix("/maturity") else { return nil }
        return Array(rest.dropFirst())
    }

    /// The Markdown's lines outside and inside fenced code blocks.
    enum Line {
        case prose(Int, String)
        /// A line of a fenced block: its number, the block's language and the line.
        case code(Int, String, String)
        case fence
    }

    static func classify(_ text: String) -> [Line] {
        var result: [Line] = []
        var language: String?
        for (offset, line) in lines(text).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("```") {
                language = language == nil ? String(trimmed.dropFirst(3)).trimmingCharacters(in: .whitespaces) : nil
                result.append(.fence)
            } else if let language {
                result.append(.code(offset + 1, language, line))
            } else {
                result.append(.prose(offset + 1, line))
            }
        }
        return result
    }

    /// The shell command lines of a code block in `language`, nil when the block is not shell: a console
    /// block's `$ ` lines (the rest is output), every line of a shell block.
    static func commandLine(_ language: String, _ line: String) -> String? {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        switch language.lowercased() {
        case "console", "shell-session":
            return trimmed.hasPrefix("$ ") ? String(trimmed.dropFirst(2)) : nil
        case "", "sh", "bash", "shell", "zsh":
            return trimmed.hasPrefix("$ ") ? String(trimmed.dropFirst(2)) : trimmed
        default:
            return nil
        }
    }

    /// The document's units, in order, each with its mentions, command names and options.
    static func units(of text: String) -> [Unit] {
        var units: [Unit] = []
        var paragraph: [(Int, String)] = []
        func flushParagraph() {
            guard let first = paragraph.first else { return }
            units.append(proseUnit(line: first.0, paragraph.map(\.1).joined(separator: " ")))
            paragraph = []
        }
        for line in classify(text) {
            switch line {
            case .fence:
                flushParagraph()
            case .code(let number, let language, let text):
                guard let command = commandLine(language, text) else { continue }
                for words in shellCommands(command, commands: true) {
                    guard let arguments = maturityArguments(words) else { continue }
                    units.append(Unit(events: [.mention(Mention(line: number, source: command, words: arguments))]))
                }
            case .prose(let number, let text):
                let trimmed = text.trimmingCharacters(in: .whitespaces)
                if trimmed.isEmpty {
                    flushParagraph()
                } else if trimmed.hasPrefix("|") {
                    // A table row: one unit; `\|` in a cell is a `|`.
                    flushParagraph()
                    units.append(proseUnit(line: number, trimmed.replacingOccurrences(of: "\\|", with: "|")))
                } else if trimmed.hasPrefix("#") || trimmed.hasPrefix("- ") || trimmed.hasPrefix("* ")
                            || isNumberedListItem(trimmed) {
                    // A heading or a list item starts a unit.
                    flushParagraph()
                    paragraph = [(number, trimmed)]
                } else {
                    paragraph.append((number, trimmed))
                }
            }
        }
        flushParagraph()
        return units
    }

    /// Whether `line` starts like `1. ` or `12. `.
    static func isNumberedListItem(_ line: String) -> Bool {
        let digits = line.prefix(while: { $0.isASCII && $0.isNumber })
        return !digits.isEmpty && line.dropFirst(digits.count).hasPrefix(". ")
    }

    /// The inline code spans of prose, in order.
    static func codeSpans(_ text: String) -> [String] {
        let parts = text.components(separatedBy: "`")
        // Odd parts are inside backticks (an unpaired last backtick opens nothing).
        return stride(from: 1, to: parts.count - 1, by: 2).map { parts[$0] }
    }

    static func proseUnit(line: Int, _ text: String) -> Unit {
        var unit = Unit()
        for span in codeSpans(text) {
            let code = span.trimmingCharacters(in: .whitespaces)
            if let words = shellCommands(code, commands: false).first, let arguments = maturityArguments(words) {
                unit.events.append(.mention(Mention(line: line, source: code, words: arguments)))
            } else if code.hasPrefix("--") {
                unit.events.append(.options(line: line, source: code, optionNames(in: code)))
            } else if isName(code) {
                unit.events.append(.commandName(code))
            }
        }
        return unit
    }

    // MARK: SQL examples

    /// The SQL examples: the content of every ```sql block, and the query of every `maturity sql "..."` (in
    /// code blocks or inline), leaving out placeholders such as "..." and "<query>".
    static func sqlExamples(of text: String) -> [(line: Int, query: String)] {
        var examples: [(line: Int, query: String)] = []
        var block: (line: Int, text: [String])?
        func sqlQuery(_ words: [Word]?) -> String? {
            guard let arguments = words.flatMap(maturityArguments), arguments.first?.text == "sql",
                  let query = arguments.dropFirst().first(where: { $0.quoted })?.text else { return nil }
            let trimmed = query.trimmingCharacters(in: .whitespacesAndNewlines)
            let placeholder = !trimmed.contains(where: \.isLetter) || (trimmed.hasPrefix("<") && trimmed.hasSuffix(">"))
            return placeholder ? nil : query
        }
        for line in classify(text) {
            switch line {
            case .fence:
                if let open = block {
                    examples.append((open.line, open.text.joined(separator: "\n")))
                    block = nil
                }
            case .code(let number, let language, let text):
                if language.lowercased() == "sql" {
                    if block == nil { block = (number, []) }
                    block?.text.append(text)
                } else if let command = commandLine(language, text) {
                    for words in shellCommands(command, commands: true) {
                        if let query = sqlQuery(words) { examples.append((number, query)) }
                    }
                }
            case .prose(let number, let text):
                for span in codeSpans(text) {
                    if let query = sqlQuery(shellCommands(span, commands: false).first) {
                        examples.append((number, query))
                    }
                }
            }
        }
        return examples
    }
}
