import Foundation
import MaturityImport
import MaturityTestSupport
import Testing

/// `CSVReader` on its own: where a malformed quote is reported. A quoted field may span lines; an error in it
/// names the line and column where the field opened, not the line where the reader noticed the problem nor the
/// line where its record starts.
@Suite struct CSVReaderTests {
    static let malformed = "malformed CSV: a quote inside an unquoted field, or text after a closing quote. "
        + "Fix: quote the whole field and double the quotes inside it (RFC 4180)."
    static let unclosed = "a quoted field is not closed before the end of the file. "
        + "Fix: close the quote (a literal quote inside a quoted field is written \"\")."

    /// The line ends the reader accepts, by name (for the test's arguments).
    static let lineEnds = ["LF": "\n", "CR LF": "\r\n", "CR": "\r"]

    /// Reads `bytes` as a CSV file: its path, the records read (line and fields) and the error's text, if any.
    private func read(_ bytes: [UInt8]) throws -> (path: String, records: [(line: Int, fields: [String?])],
                                                   error: String?) {
        let folder = try TemporaryFolder("csv-reader"); defer { folder.cleanUp() }
        let file = try folder.write("file.csv", bytes: bytes)
        var records: [(line: Int, fields: [String?])] = []
        var error: String?
        do {
            try CSVReader(url: file).read { records.append(($0.line, $0.fields)) }
        } catch let thrown {
            error = "\(thrown)"
        }
        return (file.path, records, error)
    }

    /// Lines 1-40: a header and 39 plain records `r<n>,a,b`.
    private func plainLines() -> [String] {
        ["id,text,more"] + (2...40).map { "r\($0),a,b" }
    }

    @Test(arguments: ["LF", "CR LF", "CR"])
    func textAfterTheClosingQuoteOfAMultiLineFieldNamesWhereTheFieldOpened(_ lineEnd: String) throws {
        let end = try #require(Self.lineEnds[lineEnd])
        // Record 41 starts on line 41 with a two-line quoted field; its second field opens on line 42 and
        // closes on line 44, followed by text: the error is at line 42, column 2 (not 41, where the record
        // starts, nor 44, where the reader stops).
        let text = (plainLines() + ["\"r41 starts", "r41 ends\",\"abc", "def", "ghi\"jkl,more", "r45,a,b"])
            .joined(separator: end) + end
        let result = try read(Array(text.utf8))
        #expect(result.error == "\(result.path):42, column 2: \(Self.malformed)")
        #expect(result.records.count == 40)
    }

    @Test(arguments: ["LF", "CR LF", "CR"])
    func aQuoteClosedOnTheSameLineStillNamesThatLine(_ lineEnd: String) throws {
        let end = try #require(Self.lineEnds[lineEnd])
        // A multi-line field earlier in the file does not move the error of a later one.
        let text = (plainLines() + ["r41,\"two", "lines\",b", "r43,a,\"abc\"def", "r44,a,b"])
            .joined(separator: end) + end
        let result = try read(Array(text.utf8))
        #expect(result.error == "\(result.path):43, column 3: \(Self.malformed)")
        // A quote inside an unquoted field, after a field that spanned lines in the same record.
        let second = (plainLines() + ["r41,\"two", "lines\",b\"c"]).joined(separator: end) + end
        let secondResult = try read(Array(second.utf8))
        #expect(secondResult.error == "\(secondResult.path):42, column 3: \(Self.malformed)")
    }

    @Test(arguments: ["LF", "CR LF", "CR"], [true, false])
    func aQuoteNeverClosedNamesWhereItOpened(_ lineEnd: String, finalLineEnd: Bool) throws {
        let end = try #require(Self.lineEnds[lineEnd])
        // Record 41 spans lines 41-42 and is fine; record 43's third field opens on line 44 (its record
        // starts on line 43) and is never closed.
        let text = (plainLines() + ["r41,\"fine", "still fine\",b", "r43,\"x", "y\",\"never closed", "more", "text"])
            .joined(separator: end) + (finalLineEnd ? end : "")
        let result = try read(Array(text.utf8))
        #expect(result.error == "\(result.path):44, column 3: \(Self.unclosed)")
        #expect(result.records.map(\.line).suffix(2) == [40, 41])
    }

    @Test(arguments: ["LF", "CR LF", "CR"], [true, false])
    func aQuoteOpenedOnTheLastLineAndNeverClosed(_ lineEnd: String, finalLineEnd: Bool) throws {
        let end = try #require(Self.lineEnds[lineEnd])
        let text = (plainLines() + ["r41,a,\"never closed"]).joined(separator: end) + (finalLineEnd ? end : "")
        let result = try read(Array(text.utf8))
        #expect(result.error == "\(result.path):41, column 3: \(Self.unclosed)")
    }

    // MARK: - Across the reader's 1 MiB blocks

    static let block = 1 << 20

    /// A file with `lineEnd` line ends and a record that starts on the line before `openLine` (with a two-line
    /// quoted field) and opens its second field, quoted, on line `openLine`, before byte 1,048,576. That field
    /// continues over the block boundary: its first line ends exactly there (LF or CR: the last byte of the
    /// first block; CR LF: the CR is the last byte of the first block, the LF the first of the second), then
    /// come the lines `second line`, `third line` and `tail`.
    private func straddlingFile(lineEnd: String, tail: String) -> (bytes: [UInt8], openLine: Int) {
        let end = Array(lineEnd.utf8)
        var bytes = Array("id,text".utf8) + end
        var line = 2
        // Plain records up to about 200 bytes before the boundary.
        let filler = Array("r,0123456789012345678901234567890123456789012345678901234567890123456789".utf8) + end
        while bytes.count + filler.count < Self.block - 200 {
            bytes += filler
            line += 1
        }
        bytes += Array("\"record".utf8) + end
        let openLine = line + 1
        bytes += Array("start\",\"first line of the field".utf8)
        // Pad the first line of the field so that its line end's first byte is byte 1,048,575 (0-based), the
        // last of the first block.
        let padding = Self.block - 1 - bytes.count
        bytes += Array(repeating: UInt8(ascii: "x"), count: padding)
        bytes += end
        bytes += Array("second line".utf8) + end + Array("third line".utf8) + end + Array(tail.utf8)
        return (bytes, openLine)
    }

    @Test(arguments: ["LF", "CR LF", "CR"])
    func aMultiLineFieldAcrossTheBlockBoundaryIsReadWithItsLines(_ lineEnd: String) throws {
        let end = try #require(Self.lineEnds[lineEnd])
        let file = straddlingFile(lineEnd: end, tail: "last line\"" + end + "after,x" + end)
        if end == "\r\n" {
            #expect(file.bytes[Self.block - 1] == 0x0D && file.bytes[Self.block] == 0x0A)
        } else {
            #expect(file.bytes[Self.block - end.utf8.count ..< Self.block] == ArraySlice(end.utf8))
        }
        let result = try read(file.bytes)
        #expect(result.error == nil)
        let last = try #require(result.records.last)
        #expect(last.line == file.openLine + 4)
        #expect(last.fields == ["after", "x"])
        let straddling = result.records[result.records.count - 2]
        #expect(straddling.line == file.openLine - 1)
        #expect(straddling.fields.last??.hasSuffix("x" + end + "second line" + end + "third line" + end + "last line")
                == true)
    }

    @Test(arguments: ["LF", "CR LF", "CR"])
    func textAfterAClosingQuoteAcrossTheBlockBoundary(_ lineEnd: String) throws {
        let end = try #require(Self.lineEnds[lineEnd])
        let file = straddlingFile(lineEnd: end, tail: "last line\"junk" + end + "after,x" + end)
        let result = try read(file.bytes)
        #expect(result.error == "\(result.path):\(file.openLine), column 2: \(Self.malformed)")
    }

    @Test(arguments: ["LF", "CR LF", "CR"])
    func aQuoteNeverClosedAcrossTheBlockBoundary(_ lineEnd: String) throws {
        let end = try #require(Self.lineEnds[lineEnd])
        let file = straddlingFile(lineEnd: end, tail: "last line, no closing quote" + end)
        let result = try read(file.bytes)
        #expect(result.error == "\(result.path):\(file.openLine), column 2: \(Self.unclosed)")
    }
}
