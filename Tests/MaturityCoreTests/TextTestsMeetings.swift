import Foundation
import Testing
@testable import MaturityCore

// Metrics section 2 (status meetings), section 5 (agenda, notes) and Appendix A.

/// Realistic conferencing blocks, as calendar tools write them into event descriptions.
enum ConferencingFixtures {
    static let zoom = """
        Join Zoom Meeting
        https://us02web.zoom.us/j/81234567890?pwd=QWxhZGRpbjpvcGVu

        Meeting ID: 812 3456 7890
        Passcode: 123456
        ---
        One tap mobile
        +16699006833,,81234567890#,,,,*123456# US (San Jose)
        +12532158782,,81234567890#,,,,*123456# US (Tacoma)

        Dial by your location
                +1 669 900 6833 US (San Jose)
                +1 253 215 8782 US (Tacoma)
                +1 346 248 7799 US (Houston)
        Meeting ID: 812 3456 7890
        Passcode: 123456
        Find your local number: https://us02web.zoom.us/u/kdEXAMPLE

        """

    static let meet = """
        -::~:~::~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~::~:~::-
        Join with Google Meet: https://meet.google.com/abc-defg-hij
        Or dial: (US) +1 402-555-0123 PIN: 123456789#
        More phone numbers: https://tel.meet/abc-defg-hij?pin=123456789

        Learn more about Meet at: https://support.google.com/a/users/answer/9282720

        Please do not edit this section.
        -::~:~::~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~::~:~::-
        """

    static let teams = """
        ________________________________________________________________________________
        Microsoft Teams meeting
        Join on your computer, mobile app or room device
        Click here to join the meeting<https://teams.microsoft.com/l/meetup-join/19%3ameeting_N2Q%40thread.v2/0?\
        context=%7b%22Tid%22%3a%22x%22%7d>
        Meeting ID: 358 124 488 0839
        Passcode: ecAAhG
        Download Teams<https://www.microsoft.com/en-us/microsoft-teams/download-app> | \
        Join on the web<https://www.microsoft.com/microsoft-teams/join-a-meeting>
        Or call in (audio only)
        +1 323-555-0698,,497815943#   United States, Los Angeles
        Phone Conference ID: 497815943#
        Find a local number<https://dialin.teams.microsoft.com/8551f4c1?id=497815943> | \
        Reset PIN<https://dialin.teams.microsoft.com/usp/pstnconferencing>
        Learn More<https://aka.ms/JoinTeamsMeeting> | \
        Meeting options<https://teams.microsoft.com/meetingOptions/?organizerId=1>
        ________________________________________________________________________________
        """

    static let webex = """
        -- Do not delete or change any of the following text. --
        Join Webex meeting
        https://acme.webex.com/acme/j.php?MTID=m0123456789abcdef
        Meeting number (access code): 2634 123 4567
        Meeting password: Xy12AbCd
        Join by phone
        +1-415-655-0001 US Toll
        Access code: 263 412 3456
        Join by video system
        Dial 26341234567@acme.webex.com
        You can also dial 173.243.2.68 and enter your meeting number.
        Need help? Go to https://help.webex.com
        """

    /// The blocks Appendix A names as boilerplate line by line.
    static let all = [("zoom", zoom), ("meet", meet), ("teams", teams)]
}

@Suite struct MeetingBoilerplateTests {
    @Test(arguments: ConferencingFixtures.all)
    func everyLineOfAConferencingBlockIsBoilerplate(name: String, block: String) {
        for line in TextRules.lines(block) {
            #expect(MeetingFeatures.isBoilerplateLine(line), "\(name): \(line)")
        }
        #expect(MeetingFeatures.agendaText(block) == "", "\(name)")
        #expect(!MeetingFeatures.hasAgenda(block), "\(name)")
        #expect(!MeetingFeatures.hasNotes(description: block, notesURL: nil), "\(name)")
    }

    @Test(arguments: ConferencingFixtures.all)
    func agendaTextKeepsOnlyTheAgenda(name: String, block: String) {
        let description = "Agenda: walk through the incident timeline\n\n" + block
        #expect(MeetingFeatures.agendaText(description) == "Agenda: walk through the incident timeline", "\(name)")
        #expect(MeetingFeatures.agendaLength(description) == 42, "\(name)")
        #expect(MeetingFeatures.hasAgenda(description), "\(name)")
        let crlf = description.replacingOccurrences(of: "\n", with: "\r\n")
        #expect(MeetingFeatures.agendaText(crlf) == "Agenda: walk through the incident timeline", "\(name)")
    }

    /// Appendix A does not name Webex blocks; its rules cover most of their lines but not all.
    @Test func webexBlockLeavesTheLinesTheRulesDoNotCover() {
        let leftovers = TextRules.lines(ConferencingFixtures.webex).filter { !MeetingFeatures.isBoilerplateLine($0) }
        #expect(leftovers == ["-- Do not delete or change any of the following text. --",
                              "Dial 26341234567@acme.webex.com",
                              "You can also dial 173.243.2.68 and enter your meeting number."])
        #expect(MeetingFeatures.hasNotes(description: ConferencingFixtures.webex, notesURL: nil) == false)
    }

    @Test func agendaLineIsNotBoilerplate() {
        #expect(!MeetingFeatures.isBoilerplateLine("Agenda: walk through the incident timeline"))
        #expect(!MeetingFeatures.isBoilerplateLine("1. Review last week's incidents"))
        #expect(!MeetingFeatures.isBoilerplateLine("Zoom call with the vendor"))
        #expect(!MeetingFeatures.isBoilerplateLine("Join us for cake"))
        #expect(!MeetingFeatures.isBoilerplateLine("Our password policy review"))
        #expect(!MeetingFeatures.isBoilerplateLine("Spin: the new onboarding flow"))
        #expect(!MeetingFeatures.isBoilerplateLine("Weekly sync"))
        #expect(!MeetingFeatures.isBoilerplateLine("Notes: https://docs.google.com/document/d/abc/edit"))
    }

    @Test func ruleOneNoLetterOrNumber() {
        #expect(MeetingFeatures.isBoilerplateLine(""))
        #expect(MeetingFeatures.isBoilerplateLine("   "))
        #expect(MeetingFeatures.isBoilerplateLine("---"))
        #expect(MeetingFeatures.isBoilerplateLine("____"))
        #expect(MeetingFeatures.isBoilerplateLine("🎉🎉"))
        #expect(MeetingFeatures.isBoilerplateLine("https://docs.example/notes"))  // the rest is empty
        #expect(MeetingFeatures.isBoilerplateLine("<https://docs.example/notes> ->"))
        #expect(!MeetingFeatures.isBoilerplateLine("\u{661}\u{662}\u{663}"))  // Arabic-Indic digits are numbers
        #expect(!MeetingFeatures.isBoilerplateLine("\u{216B}"))  // Roman numeral twelve: letter number
    }

    @Test func ruleTwoFixedKeys() {
        for line in ["Zoom", "  > - Join  ", "\u{2022} Learn more", "Meeting options", "GOOGLE   MEET", "webex",
                     "* learn more\u{A0}", "Learn more<https://aka.ms/JoinTeamsMeeting>"] {
            #expect(MeetingFeatures.isBoilerplateLine(line[...]), "\(line)")
        }
        #expect(MeetingFeatures.boilerplateKey("  > -\u{2022}* Google\u{3000} Meet ") == "google meet")
        #expect(!MeetingFeatures.isBoilerplateLine("Zoom in on the numbers"))
        #expect(!MeetingFeatures.isBoilerplateLine("Learn more about our customers"))
    }

    @Test func ruleThreePrefixes() {
        for prefix in MeetingFeatures.boilerplatePrefixes {
            let line = prefix.uppercased() + "x tail words"
            #expect(MeetingFeatures.isBoilerplateLine(line[...]), "\(line)")
        }
        #expect(MeetingFeatures.isBoilerplateLine("Reply for guest@example.com"))
        #expect(!MeetingFeatures.isBoilerplateLine("Reply for"))  // `reply for` must be followed by a space
        #expect(!MeetingFeatures.isBoilerplateLine("Replying for the team"))
        #expect(MeetingFeatures.isBoilerplateLine("Join: https://docs.example/notes"))
        #expect(MeetingFeatures.isBoilerplateLine("> Dial-in: see below"))
    }

    @Test func ruleFourCredentialLabels() {
        #expect(MeetingFeatures.isBoilerplateLine("Passcode: 123456"))
        #expect(MeetingFeatures.isBoilerplateLine("PIN: 4711#"))
        #expect(MeetingFeatures.isBoilerplateLine("Your pin #"))
        #expect(MeetingFeatures.isBoilerplateLine("the PASSWORD\u{3000}: hunter"))
        #expect(MeetingFeatures.isBoilerplateLine("(Conference ID: 497815943)"))
        #expect(MeetingFeatures.isBoilerplateLine("Webinar access code #"))
        #expect(MeetingFeatures.isBoilerplateLine("Spin: x and pin: y"))  // a later occurrence counts
        #expect(!MeetingFeatures.isBoilerplateLine("_pin: x"))
        #expect(!MeetingFeatures.isBoilerplateLine("a1pin: x"))
        #expect(!MeetingFeatures.isBoilerplateLine("the pin is 42"))
        #expect(!MeetingFeatures.isBoilerplateLine("(pin): 42"))
    }

    @Test func ruleFiveDialStrings() {
        #expect(MeetingFeatures.isBoilerplateLine("+16699006833,,81234567890#,,,,*123456# US (San Jose)"))
        #expect(MeetingFeatures.isBoilerplateLine("        +1 669 900 6833 US (San Jose)"))
        #expect(MeetingFeatures.isBoilerplateLine("Call + 1234567 now"))  // one white-space character
        #expect(MeetingFeatures.isBoilerplateLine("Call +1 5555 now"))  // exactly six characters after the digit
        #expect(!MeetingFeatures.isBoilerplateLine("Call +1 555 now"))  // five
        #expect(!MeetingFeatures.isBoilerplateLine("Call +  1234567 now"))  // two white-space characters
        #expect(!MeetingFeatures.isBoilerplateLine("Budget +12% this quarter"))
    }

    @Test func ruleSixCountryAndNumber() {
        #expect(MeetingFeatures.isBoilerplateLine("(US) +1 402-555-0123"))
        #expect(MeetingFeatures.isBoilerplateLine("  (US) 402-555-0123"))  // rule 6 alone: no '+'
        #expect(MeetingFeatures.isBoilerplateLine("(de)030 1234 5678 Berlin"))
        #expect(!MeetingFeatures.isBoilerplateLine("(USA) 402-555-0123"))
        #expect(!MeetingFeatures.isBoilerplateLine("(US) 402-55"))
        #expect(!MeetingFeatures.isBoilerplateLine("Call (US) 402-555-0123"))  // not at the start
        #expect(!MeetingFeatures.isBoilerplateLine("(US) 4,025,550,123 users"))  // ',' is not allowed by rule 6
    }

    @Test func agendaBorderline() {
        let short = "Discuss   the roadmap\n\n and the budget toda\n" + ConferencingFixtures.zoom
        #expect(MeetingFeatures.agendaText(short) == "Discuss the roadmap and the budget toda")
        #expect(MeetingFeatures.agendaLength(short) == 39)
        #expect(!MeetingFeatures.hasAgenda(short))
        let exact = "  Discuss the roadmap and the budget today \n\n" + ConferencingFixtures.zoom
        #expect(MeetingFeatures.agendaLength(exact) == 40)
        #expect(MeetingFeatures.hasAgenda(exact))
        #expect(MeetingFeatures.agendaText("See https://x.example/doc for details") == "See for details")
        #expect(MeetingFeatures.agendaText("") == "")
    }

    @Test func statusMeetingTitles() {
        for title in ["Daily-standup", "Re-sync on roadmap", "Weekly Sync:", "DAILY planning", "Team stand-up",
                      "Status update", "Design check-in"] {
            #expect(MeetingFeatures.isStatusTitle(title), "\(title)")
        }
        for title in ["Async review", "status_report", "Check-ins", "standups", "Checkin",
                      "status_report walkthrough", "Checkin with vendor", "Dailyplanning", ""] {
            #expect(!MeetingFeatures.isStatusTitle(title), "\(title)")
        }
    }
}

@Suite struct JoinLinkTests {
    @Test(arguments: [
        "https://us02web.zoom.us/j/8123?pwd=x", "https://zoom.us/j/1", "HTTPS://ZOOM.US/J/1", "http://zoom.us/j/1",
        "https://company.zoom.com/my/room", "https://zoom.us/w/123", "https://zoom.us/s/123",
        "https://zoom.us/wc/join/123", "https://meet.google.com/abc-defg-hij", "https://tel.meet/abc?pin=1",
        "https://g.co/meet/abc", "https://teams.microsoft.com/l/meetup-join/19%3ameeting",
        "https://teams.live.com/meet/9123", "https://acme.webex.com/meet/bob", "https://webex.com/join/x",
        "https://acme.webex.com/wbxmjs/joinservice/sites/acme", "https://acme.webex.com/acme-en_1/j.php?MTID=m1",
        "https://gotomeeting.com/join/123", "https://global.gotomeeting.com/join/123", "https://meet.goto.com/123",
        "https://whereby.com/room", "https://meet.jit.si/Room", "https://chime.aws/123", "https://bluejeans.com/123",
    ])
    func joinLinks(url: String) {
        #expect(MeetingFeatures.isJoinLink(url[...]))
    }

    @Test(arguments: [
        "https://us02web.zoom.us/rec/share/abc", "https://zoom.us/rec/play/xyz", "https://us02web.zoom.us/u/kdEX",
        "https://notzoom.us/j/1", "https://zoom.us.evil.example/j/1", "https://zoom.us", "https://zoom.us/j",
        "https://zoom.us?j/1", "https://meet.google.com/", "https://meet.google.com", "https://meet.google.com?x=1",
        "https://tel.meet", "https://tel.meet?pin=1", "https://g.co/maps/x",
        "https://teams.microsoft.com/meetingOptions/?organizerId=1", "https://teams.live.com/l/x",
        "https://www.webex.com/", "https://acme.webex.com/acme/x.php", "https://acme.webex.com//j.php",
        "https://webex.com.example/meet/x", "https://sub.gotomeeting.com/join/1", "https://meet.goto.com",
        "https://www.whereby.com/room", "https://whereby.com/", "https://aka.ms/JoinTeamsMeeting",
        "https://support.google.com/a/users/answer/9282720", "ftp://zoom.us/j/1", "zoom.us/j/1", "",
    ])
    func notJoinLinks(url: String) {
        #expect(!MeetingFeatures.isJoinLink(url[...]))
    }

    @Test func hostAndPath() {
        let zoom = MeetingFeatures.hostAndPath("https://Us02Web.Zoom.us/J/8123?pwd=X")
        #expect(zoom?.host == "us02web.zoom.us")
        #expect(zoom?.path == "/j/8123?pwd=x")
        let meet = MeetingFeatures.hostAndPath("https://tel.meet?pin=1")
        #expect(meet?.host == "tel.meet")
        #expect(meet?.path == "")
        let fragment = MeetingFeatures.hostAndPath("http://a.example#frag")
        #expect(fragment?.host == "a.example")
        #expect(fragment?.path == "")
        #expect(MeetingFeatures.hostAndPath("mailto:x@example.com") == nil)
    }
}

@Suite struct MeetingNotesTests {
    @Test func recordingIsNotesAndJoinLinkIsNot() {
        #expect(MeetingFeatures.hasNotes(description: "", notesURL: "https://us02web.zoom.us/rec/share/abc"))
        #expect(!MeetingFeatures.hasNotes(description: "", notesURL: "https://us02web.zoom.us/j/8123?pwd=x"))
        #expect(!MeetingFeatures.hasNotes(description: ConferencingFixtures.zoom, notesURL: "https://zoom.us/j/97667"))
        #expect(MeetingFeatures.hasNotes(description: ConferencingFixtures.zoom,
                                         notesURL: "https://docs.google.com/document/d/2930729057/edit"))
        #expect(!MeetingFeatures.hasNotes(description: "", notesURL: nil))
        #expect(!MeetingFeatures.hasNotes(description: "", notesURL: ""))
        #expect(!MeetingFeatures.hasNotes(description: "", notesURL: " \t "))
        #expect(MeetingFeatures.hasNotes(description: "", notesURL: "  https://docs.example/n  "))
        // A notes_url that is not a URL is still not a join link.
        #expect(MeetingFeatures.hasNotes(description: "", notesURL: "Shared drive: Team/Notes"))
    }

    @Test func notesInTheDescription() {
        let description = "Agenda: walk through the incident timeline and agree on the three follow-ups.\n"
            + "Notes: https://docs.google.com/document/d/abc/edit\n\n" + ConferencingFixtures.meet
        #expect(MeetingFeatures.hasNotes(description: description, notesURL: nil))
        #expect(MeetingFeatures.agendaText(description) ==
                "Agenda: walk through the incident timeline and agree on the three follow-ups. Notes:")
        #expect(MeetingFeatures.hasNotes(description: "Recording: https://zoom.us/rec/play/xyz", notesURL: nil))
        #expect(MeetingFeatures.hasNotes(description: "Room https://meet.google.com/abc and doc https://d.example/x",
                                         notesURL: nil))
        // A join link on an ordinary line is not notes.
        #expect(!MeetingFeatures.hasNotes(description: "Room: https://meet.google.com/abc-defg-hij", notesURL: nil))
        // URLs on boilerplate lines are not notes, whatever they point to.
        #expect(!MeetingFeatures.hasNotes(description: "Join: https://docs.example/notes", notesURL: nil))
        #expect(!MeetingFeatures.hasNotes(description: "https://docs.example/notes", notesURL: nil))
        #expect(!MeetingFeatures.hasNotes(description: ConferencingFixtures.teams, notesURL: nil))
    }
}
