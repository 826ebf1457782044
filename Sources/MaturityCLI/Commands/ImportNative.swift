import ArgumentParser
import Foundation
import MaturityCore
import MaturityImport

/// `maturity import slack EXPORT...`: Slack workspace exports (Documentation/Importers.md).
struct ImportSlack: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slack",
        abstract: "Import Slack workspace exports (the ZIP Slack writes, or its unpacked folder).",
        discussion: """
        users.json gives people and identities slack:U…, channels.json / groups.json / dms.json / mpims.json the
        channels (keyed by id), and every <channel>/<YYYY-MM-DD>.json day file the messages, read one day file at
        a time. The summary says what the export holds (threads, system messages, bots) and when it has public
        channels only. A ZIP is read directly (also one whose export sits one folder down); a Google Takeout or
        other mailbox goes to 'maturity import mbox'.

        Examples:
          maturity import slack datasets/sample/slack-export
          maturity import slack --dry-run datasets/sample/slack-export
          maturity import slack --keep-text datasets/sample/slack-export

        See Documentation/Importers.md.
        """)

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var importOptions: ImportCommandOptions
    @Argument(help: ArgumentHelp("Slack export ZIP files or folders.", valueName: "export")) var exports: [String]

    func run() throws {
        try reportingErrors {
            let store = try storeOptions.open(upgrade: !importOptions.dryRun)
            try Import.importAll(exports.map { (SlackExportImporter(), URL(fileURLWithPath: $0)) }, store: store,
                                 options: importOptions)
        }
    }
}

/// `maturity import mbox FILE...`: mailboxes and mailing-list archives (Documentation/Importers.md).
struct ImportMbox: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mbox",
        abstract: "Import mailboxes: mbox, Pipermail and LISTSERV archives, MMDF, Google Takeout.",
        discussion: """
        Each file is one channel and its own source: a mailing-list archive (List-Id, List-Post, X-BeenThere, or
        --list) is a public channel named by the list's address, a personal mailbox a private one named by the
        file. People are their e-mail addresses; the To recipients are the people a message asks.

        Examples:
          maturity import mbox datasets/sample/data-team.mbox
          maturity import mbox --dry-run datasets/sample/data-team.mbox
          maturity import mbox --list --keep-text datasets/sample/data-team.mbox

        See Documentation/Importers.md.
        """)

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var importOptions: ImportCommandOptions
    @Flag(name: .long, help: "Treat every file as a mailing-list archive (a public channel).") var list = false
    @Argument(help: ArgumentHelp("Mailbox files.", valueName: "file")) var files: [String]

    func run() throws {
        try reportingErrors {
            let store = try storeOptions.open(upgrade: !importOptions.dryRun)
            try Import.importAll(files.map { (MboxImporter(list: list), URL(fileURLWithPath: $0)) }, store: store,
                                 options: importOptions)
        }
    }
}
