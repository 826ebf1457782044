import Foundation
import MaturityReport
import MaturityTestSupport
import Testing

/// The demo's HTML report (reports/sample/assessment.html, which SampleReportsTests keeps equal to a
/// regeneration) opened in headless Chromium: it loads without console errors, shows its headings, renders to
/// a PNG at a laptop's and a phone's width, looks different with a dark system theme and prints to A4. The PNGs and the PDF go to a temporary folder,
/// never into the repository.
///
/// Needs the Debian package `chromium` (`make test` installs it). Without it the test fails and says so; set
/// `MATURITY_SKIP_BROWSER_TEST=1` to skip it deliberately.
@Suite struct BrowserTests {
    static let skip = ProcessInfo.processInfo.environment["MATURITY_SKIP_BROWSER_TEST"] == "1"

    @Test(.enabled(if: !skip, "MATURITY_SKIP_BROWSER_TEST=1"))
    func theDemoReportLoadsInChromiumWithoutErrors() throws {
        let browser = try #require(Chromium.find(), """
            no chromium on PATH: install it (apt-get install -y chromium, or make test, which installs it), \
            or set MATURITY_SKIP_BROWSER_TEST=1
            """)
        let folder = try TemporaryFolder("browser")
        defer { folder.cleanUp() }
        let page = folder.url.appendingPathComponent("assessment.html")
        try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent("reports/sample/assessment.html"),
                                         to: page)

        // The detector itself: a page that logs an error is caught, so a silent run means something.
        let control = folder.url.appendingPathComponent("control.html")
        try Data("<!DOCTYPE html><title>c</title><script>console.error('boom')</script>".utf8).write(to: control)
        let controlRun = browser.run(["--dump-dom", control.absoluteString], profile: folder.url)
        #expect(Chromium.consoleMessages(controlRun.stderr).count == 1, "\(controlRun.stderr)")
        #expect(Chromium.consoleMessages(controlRun.stderr).first?.contains("\"boom\"") == true)

        // The page: no console message at all, and the DOM the browser built has every heading.
        let dom = browser.run(["--dump-dom", page.absoluteString], profile: folder.url)
        #expect(dom.status == 0, "\(dom.stderr)")
        #expect(Chromium.consoleMessages(dom.stderr) == [], "\(dom.stderr)")
        #expect(dom.stdout.contains("<h1>AsyncMaturity assessment (metrics v2)</h1>"))
        for heading in HTMLRenderer.headings {
            #expect(dom.stdout.contains("<h2>\(heading)</h2>"), "no heading \(heading)")
        }
        // Five trends, two histograms, the bars and the heat map.
        #expect(dom.stdout.components(separatedBy: "<svg ").count - 1 == 9)
        #expect(!dom.stdout.contains("<script"))

        // Screenshots at a laptop's and a phone's width: PNGs of exactly that size.
        for (name, width, height) in [("laptop", 1280, 2000), ("phone", 390, 1600)] {
            let png = folder.url.appendingPathComponent("\(name).png")
            let shot = browser.run(["--hide-scrollbars", "--window-size=\(width),\(height)",
                                        "--screenshot=\(png.path)", page.absoluteString], profile: folder.url)
            #expect(shot.status == 0, "\(shot.stderr)")
            #expect(Chromium.consoleMessages(shot.stderr) == [], "\(shot.stderr)")
            let size = try #require(Chromium.pngSize(try Data(contentsOf: png)), "\(name).png is not a PNG")
            #expect(size.width == width && size.height == height, "\(name): \(size)")
        }

        // Dark mode: the same page with the system theme dark looks different (prefers-color-scheme applies).
        let dark = folder.url.appendingPathComponent("dark.png")
        let darkShot = browser.run(["--hide-scrollbars", "--force-dark-mode", "--window-size=1280,2000",
                                    "--screenshot=\(dark.path)", page.absoluteString], profile: folder.url)
        #expect(darkShot.status == 0, "\(darkShot.stderr)")
        #expect(Chromium.pngSize(try Data(contentsOf: dark))?.width == 1280)
        #expect(try Data(contentsOf: dark) != Data(contentsOf: folder.url.appendingPathComponent("laptop.png")))

        // Printed: A4 pages (595.92 × 842.88 points, as Chromium writes them).
        let pdf = folder.url.appendingPathComponent("assessment.pdf")
        let printed = browser.run(["--no-pdf-header-footer", "--print-to-pdf=\(pdf.path)", page.absoluteString],
                                      profile: folder.url)
        #expect(printed.status == 0, "\(printed.stderr)")
        let document = String(decoding: try Data(contentsOf: pdf), as: UTF8.self)
        let boxes = Chromium.mediaBoxes(document)
        #expect(boxes.count >= 2, "\(boxes)")
        #expect(boxes.allSatisfy { abs($0.width - 595.92) < 1.5 && abs($0.height - 842.88) < 1.5 }, "\(boxes)")
    }
}

/// Headless Chromium, run as a command.
struct Chromium {
    var executable: URL

    /// `chromium` (Debian), `chromium-browser` or `google-chrome` on PATH.
    static func find() -> Chromium? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            for folder in path.split(separator: ":") {
                let url = URL(fileURLWithPath: String(folder)).appendingPathComponent(name)
                if FileManager.default.isExecutableFile(atPath: url.path) { return Chromium(executable: url) }
            }
        }
        return nil
    }

    /// Runs headless Chromium with `arguments` and a fresh profile under `profile`, logging console messages to
    /// stderr. Killed after two minutes (coreutils `timeout`, exit status 124), so a hung browser fails the test
    /// rather than hanging the whole run.
    func run(_ arguments: [String], profile: URL) -> RunBinary.Result {
        let userData = profile.appendingPathComponent("profile-\(UUID().uuidString)")
        return RunBinary.run(
            ["--kill-after=10", "120", executable.path, "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", "--disable-extensions",
             "--disable-dev-shm-usage", "--user-data-dir=\(userData.path)", "--enable-logging=stderr", "--v=0"]
                + arguments,
            environment: ["HOME": profile.path], executable: URL(fileURLWithPath: "/usr/bin/timeout"))
    }

    /// The console messages in Chromium's log (`...:INFO:CONSOLE:1] "boom", source: ...`; older versions write
    /// `CONSOLE(1)`).
    static func consoleMessages(_ log: String) -> [String] {
        log.split(separator: "\n").map(String.init).filter { $0.contains(":CONSOLE:") || $0.contains(":CONSOLE(") }
    }

    /// Width and height from a PNG's IHDR chunk; nil when the data is not a PNG.
    static func pngSize(_ data: Data) -> (width: Int, height: Int)? {
        let bytes = [UInt8](data.prefix(24))
        guard bytes.count == 24, bytes[0..<8] == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] else { return nil }
        func int(_ at: Int) -> Int { bytes[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
        return (int(16), int(20))
    }

    /// The `/MediaBox [0 0 w h]` of every page of a PDF.
    static func mediaBoxes(_ pdf: String) -> [(width: Double, height: Double)] {
        pdf.components(separatedBy: "/MediaBox").dropFirst().compactMap { rest in
            guard let open = rest.firstIndex(of: "["), let close = rest.firstIndex(of: "]"), open < close else {
                return nil
            }
            let numbers = rest[rest.index(after: open)..<close].split(separator: " ").compactMap { Double($0) }
            return numbers.count == 4 ? (numbers[2] - numbers[0], numbers[3] - numbers[1]) : nil
        }
    }
}
