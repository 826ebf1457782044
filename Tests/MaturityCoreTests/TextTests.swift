import Foundation
import Testing
@testable import MaturityCore

// Metrics section 0 ("Text") and the message features of section 1.

@Suite struct TextRulesTests {
    @Test func whiteSpaceSetIsExactlyTheSpecList() {
        let listed: [UInt32] = [0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000, 0x2001, 0x2002,
                                0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200A, 0x2028, 0x2029,
                                0x202F, 0x205F, 0x3000]
        var found: [UInt32] = []
        for value in UInt32(0)...0x10FFFF {
            if let scalar = Unicode.Scalar(value), TextRules.isWhiteSpace(scalar) { found.append(value) }
        }
        #expect(found == listed)
        // Look-alikes that are not White_Space.
        #expect(!TextRules.isWhiteSpace("\u{200B}"))
        #expect(!TextRules.isWhiteSpace("\u{180E}"))
        #expect(!TextRules.isWhiteSpace("\u{FEFF}"))
        #expect(!TextRules.isWhiteSpace("\u{08}"))
        #expect(!TextRules.isWhiteSpace("\u{0E}"))
    }

    @Test func trimRemovesWhiteSpaceAtBothEndsOnly() {
        #expect(TextRules.trim("\u{3000} a \u{A0} b\u{85}\r\n") == "a \u{A0} b")
        #expect(TextRules.trim("\u{2000}\u{200A}\u{2028}\u{2029}\u{202F}\u{205F}\u{1680}x\u{0B}\u{0C}") == "x")
        #expect(TextRules.trim("") == "")
        #expect(TextRules.trim(" \t\n ") == "")
        #expect(TextRules.trim("\u{200B}x\u{200B}") == "\u{200B}x\u{200B}")
        // Scalar-level: a combining mark after a leading space stays.
        #expect(Array(TextRules.trim(" \u{301}a ").unicodeScalars) == ["\u{301}", "a"])
        let line: Substring = "  -- keep --  "[...]
        #expect(TextRules.trim(line) == "-- keep --")
    }

    @Test func collapseTurnsRunsIntoOneSpaceAndTrims() {
        #expect(TextRules.collapse("  a \t\n b\u{A0}\u{3000}c  ") == "a b c")
        #expect(TextRules.collapse("Discuss   the roadmap\n\n and the budget toda") ==
                "Discuss the roadmap and the budget toda")
        #expect(TextRules.collapse("") == "")
        #expect(TextRules.collapse(" \u{2028} ") == "")
        #expect(TextRules.collapse("a\u{200B} b") == "a\u{200B} b")
    }

    @Test func linesEndAtLFCRLFOrCR() {
        #expect(TextRules.lines("a\nb\r\nc\rd") == ["a", "b", "c", "d"])
        #expect(TextRules.lines("a\n\nb") == ["a", "", "b"])
        #expect(TextRules.lines("a\n") == ["a"])
        #expect(TextRules.lines("a\r\n\r\n") == ["a", ""])
        #expect(TextRules.lines("\n\r") == ["", ""])
        #expect(TextRules.lines("") == [])
        #expect(TextRules.lines("single") == ["single"])
        // U+2028 is white space but not a line end.
        #expect(TextRules.lines("a\u{2028}b") == ["a\u{2028}b"])
    }

    @Test func urlsRunToWhiteSpaceAngleBracketOrEnd() {
        #expect(TextRules.urls(in: "see https://x.example/a?b=1, and HTTP://Y.example.") ==
                ["https://x.example/a?b=1,", "HTTP://Y.example."])
        #expect(TextRules.urls(in: "<https://a.example/x>") == ["https://a.example/x"])
        #expect(TextRules.urls(in: "Click here<https://teams.microsoft.com/l/x?y=%7b>") ==
                ["https://teams.microsoft.com/l/x?y=%7b"])
        #expect(TextRules.urls(in: "HtTpS://a\u{3000}b") == ["HtTpS://a"])
        #expect(TextRules.urls(in: "xhttps://a") == ["https://a"])
        #expect(TextRules.urls(in: "hhttps://a") == ["https://a"])
        #expect(TextRules.urls(in: "https://a<https://b>") == ["https://a", "https://b"])
        #expect(TextRules.urls(in: "(https://a.example/x).") == ["https://a.example/x)."])
        #expect(TextRules.urls(in: "https://café.example/ü") == ["https://café.example/ü"])
        // One or more characters after the scheme.
        #expect(TextRules.urls(in: "https://") == [])
        #expect(TextRules.urls(in: "http:// x") == [])
        #expect(TextRules.urls(in: "https://<x>") == [])
        #expect(TextRules.urls(in: "ftp://a https:/a www.example.com PLAT-12") == [])
    }

    @Test func removingURLsAlsoRemovesAngleBrackets() {
        #expect(TextRules.removingURLs("Click here to join the meeting<https://teams.microsoft.com/l/x>") ==
                "Click here to join the meeting")
        #expect(TextRules.removingURLs("a https://x b") == "a  b")
        #expect(TextRules.removingURLs("<https://a>|<https://b>") == "|")
        #expect(TextRules.removingURLs("x<y https://z>") == "x<y ")
        #expect(TextRules.removingURLs("a<https://b") == "a")
        #expect(TextRules.removingURLs("<<https://a>>") == "<>")
        #expect(TextRules.removingURLs("https://a<https://b>c") == "c")
        #expect(TextRules.removingURLs("no url < here >") == "no url < here >")
        #expect(TextRules.removingURLs("") == "")
    }

    @Test func scalarCountCountsUnicodeScalars() {
        #expect(TextRules.scalarCount("") == 0)
        #expect(TextRules.scalarCount("abc") == 3)
        #expect(TextRules.scalarCount("e\u{301}") == 2)
        #expect(TextRules.scalarCount("👍🏽") == 2)
        #expect(TextRules.scalarCount("\r\n") == 2)
    }

    @Test func matchesAsWordIgnoresASCIICaseAndNeedsBoundaries() {
        #expect(TextRules.matchesAsWord("sync", in: "SYNC"))
        #expect(TextRules.matchesAsWord("sync", in: "(sync)"))
        #expect(TextRules.matchesAsWord("sync", in: "ésync"))  // only ASCII letters break a word
        #expect(!TextRules.matchesAsWord("sync", in: "x_sync"))
        #expect(!TextRules.matchesAsWord("sync", in: "sync2"))
        #expect(!TextRules.matchesAsWord("sync", in: "async"))
        #expect(!TextRules.matchesAsWord("sync", in: "\u{17F}ync"))  // long s is not ASCII 's'
        #expect(TextRules.matchesAsWord("sync", in: "async and sync"))  // a later occurrence counts
        #expect(!TextRules.matchesAsWord("sync", in: "syn"))
        #expect(!TextRules.matchesAsWord("sync", in: ""))
    }
}

@Suite struct MessageFeaturesTests {
    @Test func questionMarkInsideURLDoesNotCount() {
        #expect(!MessageFeatures.asksQuestion("Dashboard: https://grafana.example/d/x1?orgId=1"))
        #expect(!MessageFeatures.asksQuestion("Dashboard <https://grafana.example/d/x1?orgId=1>"))
        #expect(MessageFeatures.asksQuestion("Is https://grafana.example/d/x1?orgId=1 down?"))
        #expect(MessageFeatures.asksQuestion("Why?https://x.example"))
        #expect(MessageFeatures.asksQuestion("Branch alert pipeline ranking latency budget\u{FF1F}"))
        #expect(!MessageFeatures.asksQuestion("http://?"))  // the URL is "http://?"
        #expect(MessageFeatures.asksQuestion("http:// ?"))  // not a URL
        #expect(!MessageFeatures.asksQuestion("No question here."))
        #expect(!MessageFeatures.asksQuestion(""))
        #expect(!MessageFeatures.asksQuestion("\u{FF1E}\u{FF20}\u{BC9F}"))  // near-misses of EF BC 9F
        #expect(MessageFeatures.asksQuestion("\"Queue flag ranking\", he said,\nthen left?"))
    }

    @Test func urlCountFollowsTheURLRule() {
        #expect(MessageFeatures.urlCount("") == 0)
        #expect(MessageFeatures.urlCount("see https://wiki.northwind.example/metric.") == 1)
        #expect(MessageFeatures.urlCount("https://a<https://b> http://c\u{A0}HTTPS://d") == 4)
        #expect(MessageFeatures.urlCount("https:// and https:/x and www.example.com") == 0)
        #expect(MessageFeatures.urlCount("https://a.example/?u=https://b.example") == 1)
    }

    @Test func lengthCountsScalars() {
        #expect(MessageFeatures.length("héllo") == 5)
        #expect(MessageFeatures.length("e\u{301}") == 2)
        #expect(MessageFeatures.length("👍🏽 ok") == 5)
        #expect(MessageFeatures.length("") == 0)
    }

    @Test func mentionTokensFollowTheGrammar() {
        #expect(MessageFeatures.mentionTokens("@alice hi") == ["alice"])
        #expect(MessageFeatures.mentionTokens("hi @alice.") == ["alice"])
        #expect(MessageFeatures.mentionTokens("@p01 @p03 Dashboard alert?") == ["p01", "p03"])
        #expect(MessageFeatures.mentionTokens("@p04 @here Customer design") == ["p04", "here"])
        #expect(MessageFeatures.mentionTokens("@here @channel") == ["here", "channel"])
        #expect(MessageFeatures.mentionTokens("@p01 and @p03 and @p01 again") == ["p01", "p03"])
        #expect(MessageFeatures.mentionTokens("@Alice @alice") == ["Alice", "alice"])  // exact duplicates only
        #expect(MessageFeatures.mentionTokens("(@bob) [@carol], \u{3000}@dan é@eve") == ["bob", "carol", "dan", "eve"])
        #expect(MessageFeatures.mentionTokens("@42 done") == ["42"])
        #expect(MessageFeatures.mentionTokens("") == [])
        #expect(MessageFeatures.mentionTokens("no tokens here") == [])
    }

    @Test func mentionTokensKeepTheDomainOfEmailShapedTokens() {
        #expect(MessageFeatures.mentionTokens("@alice@example.com please") == ["alice@example.com"])
        #expect(MessageFeatures.mentionTokens("cc @alice@example.com.") == ["alice@example.com"])
        #expect(MessageFeatures.mentionTokens("@Jane.Doe@Mail.Example.org-") == ["Jane.Doe@Mail.Example.org"])
        #expect(MessageFeatures.mentionTokens("@bob@x.y.z") == ["bob@x.y.z"])
        // A domain needs two labels; otherwise the token stops before the '@'.
        #expect(MessageFeatures.mentionTokens("@alice@localhost") == ["alice"])
        #expect(MessageFeatures.mentionTokens("@bob@x..y") == ["bob"])
        #expect(MessageFeatures.mentionTokens("@alice@example.com@x.y") == ["alice@example.com"])
    }

    @Test func mentionTokensDropTrailingPunctuation() {
        #expect(MessageFeatures.mentionTokens("@slack:U024BE7LH: ping") == ["slack:U024BE7LH"])
        #expect(MessageFeatures.mentionTokens("@jane.doe_-: hi") == ["jane.doe"])
        #expect(MessageFeatures.mentionTokens("@a+b") == ["a+b"])
        #expect(MessageFeatures.mentionTokens("@a.b-c_d") == ["a.b-c_d"])
    }

    @Test func mentionTokensNeedAnAllowedPrecedingCharacterAndAReference() {
        #expect(MessageFeatures.mentionTokens("mail bob@example.com") == [])
        #expect(MessageFeatures.mentionTokens("x_@b a.@c b/@d e:@f g+@h i-@j k@@l 9@m") == [])
        #expect(MessageFeatures.mentionTokens("@_bob @-bob @ bob @.bob @") == [])
        #expect(MessageFeatures.mentionTokens("@@bob") == [])
        #expect(MessageFeatures.mentionTokens("@éric") == [])
        #expect(MessageFeatures.mentionTokens("see https://x.example/@bob") == [])
        #expect(MessageFeatures.mentionTokens("!@bob #@carol") == ["bob", "carol"])
    }
}
