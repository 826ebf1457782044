import Foundation
import MaturityCore

/// Jira CSV exports, by their header row: an `Issue key` column (in any locale of the header table) with
/// `Summary`, `Issue id` or `Issue Type`.
struct JiraCSVRecogniser: FormatRecogniser {
    var formats: [ImportFormat] { [JiraCSVImporter.format] }
    var description: String { "Jira CSV export, by its header row (Issue key, Summary, ...)" }

    func recognise(_ url: URL, isDirectory: Bool, head: Data, options: ImportOptions) -> RecognisedInput? {
        guard !isDirectory, let names = CanonicalCSVRecogniser.headerNames(head) else { return nil }
        let english = Set(names.map(JiraCSVImporter.englishName))
        guard english.contains("issue key"),
              !english.isDisjoint(with: ["summary", "issue id", "issue type"]) else { return nil }
        return RecognisedInput(url: url, importer: JiraCSVImporter(timeZone: options.timeZone),
                               reason: "Jira CSV (by its header)")
    }
}

/// JSON exports of the trackers, by the keys their first 64 KiB hold: Trello boards and actions, Jira search
/// results, GitHub issues, pull requests, events, comments and reviews. Recorded HTTP exchanges (an array of
/// `method`, `path`, `response`) are none of these.
struct TrackerJSONRecogniser: FormatRecogniser {
    var formats: [ImportFormat] { [JiraJSONImporter.format, GitHubImporter.format, TrelloImporter.format] }
    var description: String {
        "Jira, GitHub and Trello JSON exports, by their keys"
    }

    func recognise(_ url: URL, isDirectory: Bool, head: Data, options: ImportOptions) -> RecognisedInput? {
        guard !isDirectory else { return nil }
        let (text, first) = HeadSniffer.text(head)
        guard first == "{" || first == "[" else { return nil }
        let has = { (key: String) in HeadSniffer.hasKey(text, key) }
        if has("reqheaders") || has("responseIsBinary") { return nil }
        if has("idList") || has("idBoard") || (has("idMemberCreator") && has("data")) {
            return RecognisedInput(url: url, importer: TrelloImporter(), reason: "Trello JSON (by its keys)")
        }
        if has("key") && has("fields") && (has("issues") || has("changelog") || has("issuetype")) {
            return RecognisedInput(url: url, importer: JiraJSONImporter(), reason: "Jira JSON (by its keys)")
        }
        let github = text.contains("github.com")
        guard github, has("number") || has("event") || has("issue_url") || has("pull_request_url") else { return nil }
        // Events embed their issue (with its title), so they are told apart first.
        let content: GitHubImporter.Content
        if has("event") && has("actor") {
            content = .events
        } else if (has("issue_url") || has("pull_request_url")) && !has("title") {
            content = .messages
        } else {
            content = .items
        }
        return RecognisedInput(url: url, importer: GitHubImporter(content: content), reason: "GitHub JSON (by its keys)")
    }
}
