import ArgumentParser
import Foundation
import GRDB
import MaturityCore

struct StoreOptions: ParsableArguments {
    @Option(name: [.customShort("s"), .long],
            help: ArgumentHelp("The store file (default: $MATURITY_STORE or ./maturity.sqlite).", valueName: "path"))
    var store: String?

    var path: String { store ?? Store.defaultPath }

    /// - Parameter upgrade: false for a dry run: a store of an older version is refused rather than upgraded.
    func open(readOnly: Bool = false, upgrade: Bool = true) throws -> Store {
        if !FileManager.default.fileExists(atPath: path) {
            throw CLIError("there is no store at \(path)", fix: "run 'maturity init' first, or name the store with --store PATH")
        }
        return try Self.store(at: path, readOnly: readOnly, upgrade: upgrade)
    }

    /// Opens (or, when writable, creates) the store at `path`; SQLite's failures become a `CLIError` naming the file.
    static func store(at path: String, readOnly: Bool = false, upgrade: Bool = true) throws -> Store {
        do {
            return try Store(path: path, readOnly: readOnly, upgrade: upgrade)
        } catch let error as DatabaseError {
            throw CLIError("cannot open the store \(path): \(error.message ?? "SQLite error \(error.resultCode)")",
                           fix: "name a store made by 'maturity init', or a new file in a writable folder, "
                               + "with --store PATH")
        }
    }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, csv, json
}

/// The formats of `assess`: those of every command, and the HTML page.
enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case text, csv, json, html
}

/// An error the CLI prints as `error: <message>. Fix: <fix>.` and exits 1.
struct CLIError: Error, CustomStringConvertible {
    var message: String
    var fix: String?
    init(_ message: String, fix: String? = nil) { self.message = message; self.fix = fix }
    /// `message. Fix: fix.`, with one full stop however the parts end (a system message often has its own).
    var description: String {
        fix.map { "\(message.withoutFinalFullStop). Fix: \($0.withoutFinalFullStop)." } ?? message
    }
}

/// Writes to standard error (progress, summaries, warnings: stdout carries only the requested output).
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// Runs a command body, turning domain errors into a message on stderr and exit code 1.
func reportingErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as ExitCode {
        throw error
    } catch let error as ValidationError {
        throw error
    } catch let error as CleanExit {
        throw error
    } catch {
        printError("error: \(error)")
        throw ExitCode(1)
    }
}

func parseZone(_ identifier: String, option: String) throws -> TimeZone {
    guard let zone = OrganisationSettings.zone(named: identifier) else {
        let hint = Suggestions.closest(to: identifier, among: TimeZone.knownTimeZoneIdentifiers)
            .map { "; did you mean '\($0)'?" } ?? "; use an IANA name such as Europe/Berlin (case matters)"
        throw ValidationError("\(option): unknown time zone '\(identifier)'\(hint)")
    }
    return zone
}
