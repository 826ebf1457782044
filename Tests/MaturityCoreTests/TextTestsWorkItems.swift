import Foundation
import Testing
@testable import MaturityCore

// Metrics section 5 (work items) and canonical CSV status normalisation.

@Suite struct WorkItemFeaturesTests {
    @Test func descriptionLengthIsTrimmedScalars() {
        let eighty = String(repeating: "d", count: 80)
        #expect(WorkItemFeatures.descriptionLength("  \(eighty)  \n") == 80)
        #expect(WorkItemFeatures.hasDescription("  \(eighty)  \n"))
        #expect(WorkItemFeatures.descriptionLength(String(eighty.dropLast())) == 79)
        #expect(!WorkItemFeatures.hasDescription(String(eighty.dropLast())))
        #expect(WorkItemFeatures.descriptionLength("   ") == 0)
        #expect(WorkItemFeatures.descriptionLength("") == 0)
        #expect(!WorkItemFeatures.hasDescription("TBD"))
    }

    @Test func descriptionsOf80CodePointsBut79Characters() {
        let combining = "Cafe\u{301} " + String(repeating: "u", count: 74)
        #expect(combining.count == 79)
        #expect(combining.unicodeScalars.count == 80)
        #expect(WorkItemFeatures.descriptionLength(combining) == 80)
        #expect(WorkItemFeatures.hasDescription(combining))

        let emoji = "\u{1F44D}\u{1F3FD} " + String(repeating: "v", count: 77)
        #expect(emoji.count == 79)
        #expect(emoji.utf16.count == 82)
        #expect(WorkItemFeatures.descriptionLength(emoji) == 80)
        #expect(WorkItemFeatures.hasDescription(emoji))
    }

    @Test func acceptancePhrasesIgnoreASCIICase() {
        #expect(WorkItemFeatures.hasAcceptanceCriteria("ACCEPTANCE CRITERIA: it works"))
        #expect(WorkItemFeatures.hasAcceptanceCriteria("See the Definition of Done."))
        #expect(WorkItemFeatures.hasAcceptanceCriteria("expected outcome: green"))
        #expect(WorkItemFeatures.hasAcceptanceCriteria("Expected Results below"))
        #expect(!WorkItemFeatures.hasAcceptanceCriteria("acceptance\ncriteria"))
        #expect(!WorkItemFeatures.hasAcceptanceCriteria("acceptance  criteria"))
        #expect(!WorkItemFeatures.hasAcceptanceCriteria("expected: outcome"))
        #expect(!WorkItemFeatures.hasAcceptanceCriteria(""))
    }

    @Test func checklistLinesStartAfterLeadingWhiteSpace() {
        let problem = "Problem: the nightly export drops rows when a description contains a quoted newline."
        #expect(WorkItemFeatures.hasAcceptanceCriteria("\(problem)\n- [ ] write the migration"))
        #expect(WorkItemFeatures.hasAcceptanceCriteria("\(problem)\n* [x] done already"))
        #expect(WorkItemFeatures.hasAcceptanceCriteria("\(problem)\n+ [X] reproduced"))
        #expect(WorkItemFeatures.hasAcceptanceCriteria("\(problem)\n  + [ ] indented plus item"))
        #expect(WorkItemFeatures.hasAcceptanceCriteria("\(problem)\r\n\t- [x] tab-indented"))
        #expect(WorkItemFeatures.hasAcceptanceCriteria("\(problem)\r\u{3000}- [ ]"))
        #expect(WorkItemFeatures.hasAcceptanceCriteria("- [ ]"))
        // A mid-line marker does not count.
        #expect(!WorkItemFeatures.hasAcceptanceCriteria("\(problem) We discussed - [ ] markers."))
        #expect(!WorkItemFeatures.hasAcceptanceCriteria("-[ ] no space"))
        #expect(!WorkItemFeatures.hasAcceptanceCriteria("-  [ ] two spaces"))
        #expect(!WorkItemFeatures.hasAcceptanceCriteria("-\t[ ] tab"))
        #expect(!WorkItemFeatures.hasAcceptanceCriteria("- [y] other mark"))
        #expect(!WorkItemFeatures.hasAcceptanceCriteria("- [] empty"))
        #expect(!WorkItemFeatures.hasAcceptanceCriteria("1. [ ] numbered"))
        #expect(!WorkItemFeatures.hasAcceptanceCriteria("\u{200B}- [ ] zero-width space is not white space"))
    }

    @Test func givenWhenThenInOrderAsWordsAcrossLines() {
        #expect(WorkItemFeatures.hasAcceptanceCriteria(
            "Given a signed-in user,\nwhen they open the report,\nthen they see last week's numbers."))
        #expect(WorkItemFeatures.hasAcceptanceCriteria("GIVEN x WHEN y THEN z"))
        #expect(WorkItemFeatures.hasAcceptanceCriteria("Given/When/Then"))
        #expect(WorkItemFeatures.hasAcceptanceCriteria("when given, when so, then done"))
        // `then` only inside a word.
        #expect(!WorkItemFeatures.hasAcceptanceCriteria(
            "Given the login page, when the token expires we retry the authentication call, which loops forever."))
        #expect(!WorkItemFeatures.hasAcceptanceCriteria("then given when"))
        #expect(!WorkItemFeatures.hasAcceptanceCriteria("given when"))
        #expect(!WorkItemFeatures.hasAcceptanceCriteria("forgiven when then"))
        #expect(!WorkItemFeatures.hasAcceptanceCriteria("given whenever then"))
        #expect(!WorkItemFeatures.hasAcceptanceCriteria("given_when_then"))
        #expect(!WorkItemFeatures.hasAcceptanceCriteria("given then when"))
    }

    @Test func holdsURLLooksAtDescriptionAndLinks() {
        #expect(WorkItemFeatures.holdsURL(description: "Design: https://figma.example/file/4006", links: []))
        #expect(!WorkItemFeatures.holdsURL(description: "Problem: fix it", links: ["PLAT-12"]))
        #expect(WorkItemFeatures.holdsURL(description: "", links: ["PLAT-12", "https://github.example/x/pull/1"]))
        #expect(WorkItemFeatures.holdsURL(description: "", links: [" https://github.example/x/pull/1 "]))
        #expect(!WorkItemFeatures.holdsURL(description: "see www.example.com and PLAT-12", links: []))
        #expect(!WorkItemFeatures.holdsURL(description: "", links: []))
        #expect(!WorkItemFeatures.holdsURL(description: "https://", links: ["http:// "]))
    }

    @Test func statusNormalisationOfEveryListedWord() {
        let done = ["done", "closed", "resolved", "complete", "completed", "fixed", "merged", "shipped", "released"]
        let cancelled = ["cancelled", "canceled", "won't do", "wont do", "won't fix", "wontfix", "rejected",
                         "declined", "duplicate", "invalid", "obsolete", "abandoned"]
        let inProgress = ["in progress", "in review", "review", "code review", "doing", "started", "active",
                          "blocked", "testing", "qa", "in qa"]
        for word in done {
            #expect(WorkItemFeatures.normaliseStatus(word) == .done, "\(word)")
            #expect(WorkItemFeatures.normaliseStatus(word.uppercased()) == .done, "\(word)")
        }
        for word in cancelled {
            #expect(WorkItemFeatures.normaliseStatus(word) == .cancelled, "\(word)")
            #expect(WorkItemFeatures.normaliseStatus(word.uppercased()) == .cancelled, "\(word)")
        }
        for word in inProgress {
            #expect(WorkItemFeatures.normaliseStatus(word) == .inProgress, "\(word)")
            #expect(WorkItemFeatures.normaliseStatus(word.uppercased()) == .inProgress, "\(word)")
        }
        #expect(WorkItemFeatures.statusTable.count == done.count + cancelled.count + inProgress.count)
    }

    @Test func statusNormalisationVariants() {
        #expect(WorkItemFeatures.normaliseStatus("Won\u{2019}t Fix") == .cancelled)
        #expect(WorkItemFeatures.normaliseStatus("Won't Do") == .cancelled)
        #expect(WorkItemFeatures.normaliseStatus("Wont-Do") == .cancelled)
        #expect(WorkItemFeatures.normaliseStatus("In_Review") == .inProgress)
        #expect(WorkItemFeatures.normaliseStatus("In-QA") == .inProgress)
        #expect(WorkItemFeatures.normaliseStatus("Code \t Review") == .inProgress)
        #expect(WorkItemFeatures.normaliseStatus("_in__progress_") == .inProgress)
        #expect(WorkItemFeatures.normaliseStatus("  closed ") == .done)
        #expect(WorkItemFeatures.normaliseStatus("Done\u{A0}") == .done)
        #expect(WorkItemFeatures.normaliseStatus("To Do") == .todo)
        #expect(WorkItemFeatures.normaliseStatus("Open") == .todo)
        #expect(WorkItemFeatures.normaliseStatus("Backlog") == .todo)
        #expect(WorkItemFeatures.normaliseStatus("") == .todo)
        #expect(WorkItemFeatures.normaliseStatus(nil) == .todo)
        #expect(WorkItemFeatures.normaliseStatus("Done!") == .todo)
        #expect(WorkItemFeatures.normaliseStatus("not done") == .todo)
        #expect(WorkItemFeatures.normaliseStatus("won`t do") == .todo)
        #expect(WorkItemFeatures.normaliseStatus("inprogress") == .todo)
        #expect(WorkItemFeatures.normaliseStatus("DON\u{C9}") == .todo)  // only ASCII case is ignored
    }
}
