import Foundation
import MaturityTestSupport
import Testing

/// Every command's `--help` teaches by example: it shows two or three, each of which runs (exit 0) against the
/// sample company's store, from a folder where `datasets/` is the repository's.
@Suite struct CLIHelpExamplesTests {
    /// The command paths `maturity --help` lists (and their subcommands, one level down).
    static func commandPaths() -> [[String]] {
        func subcommands(_ path: [String]) -> [String] {
            let help = RunBinary.run(path + ["--help"]).stdout
            guard let start = help.range(of: "SUBCOMMANDS:\n") else { return [] }
            // A command's line starts with two spaces; a wrapped description, with more.
            return help[start.upperBound...].components(separatedBy: "\n").prefix { !$0.isEmpty }.compactMap { line in
                guard line.hasPrefix("  "), !line.hasPrefix("   ") else { return nil }
                let name = line.trimmingCharacters(in: .whitespaces).components(separatedBy: " ").first ?? ""
                return name.isEmpty || name == "help" ? nil : name
            }
        }
        var paths: [[String]] = []
        for command in subcommands([]) {
            paths.append([command])
            for sub in subcommands([command]) { paths.append([command, sub]) }
        }
        return paths
    }

    /// The example lines of a help text: the `maturity ...` lines after `Examples:`.
    static func examples(_ help: String) -> [String] {
        guard let start = help.range(of: "Examples:\n") else { return [] }
        return help[start.upperBound...].components(separatedBy: "\n").prefix { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0.hasPrefix("maturity ") }
    }

    @Test func everyCommandsHelpShowsExamplesThatRun() throws {
        let binary = try #require(RunBinary.executableURL)
        let workspace = try Workspace("help-examples")
        defer { workspace.cleanUp() }
        try FileManager.default.createSymbolicLink(atPath: workspace.path("datasets"),
                                                   withDestinationPath: repositoryRoot.appendingPathComponent("datasets").path)
        try workspace.initialiseAndImport(workspace.path("datasets/sample"),
                                          initArguments: ["--org-timezone", "Europe/Berlin"],
                                          // The sample's Jira CSV carries no offsets (Jira writes none).
                                          importArguments: ["--timezone", "Europe/Berlin"])
        let paths = Self.commandPaths()
        #expect(paths.count >= 15, "\(paths)")
        var failures: [String] = []
        for path in paths {
            let help = RunBinary.run(path + ["--help"])
            let examples = Self.examples(help.stdout)
            if examples.count < 2 || examples.count > 3 {
                failures.append("maturity \(path.joined(separator: " ")) --help shows \(examples.count) examples")
            }
            if !help.stdout.contains("See ") { failures.append("maturity \(path.joined(separator: " ")) --help names no page") }
            for example in examples {
                let shell = Process()
                shell.executableURL = URL(fileURLWithPath: "/bin/sh")
                shell.arguments = ["-c", "'\(binary.path)'" + example.dropFirst("maturity".count)]
                shell.currentDirectoryURL = workspace.url
                var environment = ProcessInfo.processInfo.environment
                environment["MATURITY_STORE"] = workspace.store
                shell.environment = environment
                let errors = Pipe()
                shell.standardOutput = FileHandle.nullDevice
                shell.standardError = errors
                try shell.run()
                let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                shell.waitUntilExit()
                if shell.terminationStatus != 0 {
                    failures.append("\(example): exit \(shell.terminationStatus): \(stderr.suffix(300))")
                }
            }
        }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }
}
