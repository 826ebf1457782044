import Foundation
import MaturityTestSupport
import Testing

/// `init` and `settings`, and how the store is found: `--store`, then `$MATURITY_STORE`, then
/// `./maturity.sqlite`.
@Suite struct CLISettingsTests {
    /// The settings block `init` and `settings` print on stdout.
    static func settingsText(zone: String, hours: String, days: String, minGroupSize: Int,
                             holidayCalendar: String = "none") -> String {
        """
        org-timezone      \(zone)
        work-hours        \(hours)
        workdays          \(days)
        min-group-size    \(minGroupSize)
        holiday-calendar  \(holidayCalendar)

        """
    }

    @Test func initWritesTheDefaults() throws {
        let workspace = try Workspace("init")
        defer { workspace.cleanUp() }
        let result = workspace.run("init")
        #expect(result.status == 0, "\(result)")
        #expect(result.stderr == "store \(workspace.store) ready\n")
        #expect(FileManager.default.fileExists(atPath: workspace.store))
        let printed = lines(result.stdout)
        #expect(Array(printed.dropFirst()) == ["work-hours        09:00-17:00", "workdays          Mon-Fri",
                                               "min-group-size    5", "holiday-calendar  none"])
        // UTC under its IANA name (Foundation on Linux would print "UTC" as GMT).
        #expect(printed.first == "org-timezone      Etc/UTC")
        // `settings` shows what init stored, byte for byte.
        let shown = workspace.run("settings")
        #expect(shown.status == 0)
        #expect(shown.stdout == result.stdout)
        #expect(shown.stderr == "")
    }

    @Test func settingsChangeWhatIsGivenAndKeepTheRest() throws {
        let workspace = try Workspace("settings")
        defer { workspace.cleanUp() }
        #expect(workspace.run("init", ["--org-timezone", "Europe/Berlin"]).status == 0)
        let changed = workspace.run("settings", ["--org-timezone", "Asia/Kolkata", "--work-hours", "08:30-16:30",
                                                 "--workdays", "Sun-Thu", "--min-group-size", "3"])
        #expect(changed.status == 0, "\(changed)")
        let expected = Self.settingsText(zone: "Asia/Kolkata", hours: "08:30-16:30", days: "Sun-Thu", minGroupSize: 3)
        #expect(changed.stdout == expected)
        // Each change is named with its old and new value.
        #expect(lines(changed.stderr) == [
            "changed org-timezone: Europe/Berlin -> Asia/Kolkata", "changed work-hours: 09:00-17:00 -> 08:30-16:30",
            "changed workdays: Mon-Fri -> Sun-Thu", "changed min-group-size: 5 -> 3",
        ])
        #expect(workspace.run("settings").stdout == expected)

        // One option changes one setting.
        let one = workspace.run("settings", ["--min-group-size", "7"])
        #expect(one.stdout == Self.settingsText(zone: "Asia/Kolkata", hours: "08:30-16:30", days: "Sun-Thu",
                                                minGroupSize: 7))
        // v2: the organisation's holiday calendar; `none` clears it.
        let calendar = workspace.run("settings", ["--holiday-calendar", " de "])
        #expect(calendar.stdout == Self.settingsText(zone: "Asia/Kolkata", hours: "08:30-16:30", days: "Sun-Thu",
                                                     minGroupSize: 7, holidayCalendar: "de"))
        #expect(lines(calendar.stderr) == ["changed holiday-calendar: none -> de"])
        #expect(try workspace.status()["settings"].flatMap { ($0 as? [String: Any])?["holiday_calendar"] as? String } == "de")
        let cleared = workspace.run("settings", ["--holiday-calendar", "none"])
        #expect(lines(cleared.stderr) == ["changed holiday-calendar: de -> none"])
        // A working day cannot start at 24:00 (v2).
        let late = workspace.run("settings", ["--work-hours", "24:00-08:00"])
        expectUsageError(late, naming: ["--work-hours", "24:00", "00:00"])
        // `init` on an existing store changes nothing: it says what is there and points to `settings`.
        let refused = workspace.run("init", ["--work-hours", "22:00-06:00"])
        expectRuntimeError(refused, mentioning: ["the store \(workspace.store) exists already (0 people, 0 messages",
                                                 "work-hours        08:30-16:30", "nothing was changed",
                                                 "maturity settings", "--force"])
        // Without options it only says what is there.
        let plain = workspace.run("init")
        #expect(plain.status == 0, "\(plain)")
        #expect(plain.stderr.hasPrefix("store \(workspace.store) exists already"))
        #expect(plain.stdout == Self.settingsText(zone: "Asia/Kolkata", hours: "08:30-16:30", days: "Sun-Thu",
                                                  minGroupSize: 7))
        // With --force, init applies the options given, naming each change.
        let again = workspace.run("init", ["--force", "--work-hours", "22:00-06:00", "--workdays", "mon,tue,thu"])
        #expect(again.status == 0, "\(again)")
        #expect(again.stderr.contains("changed work-hours: 08:30-16:30 -> 22:00-06:00\n"))
        #expect(again.stdout == Self.settingsText(zone: "Asia/Kolkata", hours: "22:00-06:00", days: "Mon,Tue,Thu",
                                                  minGroupSize: 7))

        // status --format json reports the same settings.
        let settings = try #require(try workspace.status()["settings"] as? [String: Any])
        #expect(settings["org_timezone"] as? String == "Asia/Kolkata")
        #expect(settings["work_hours"] as? String == "22:00-06:00")
        #expect(settings["workdays"] as? String == "Mon,Tue,Thu")
        #expect((settings["min_group_size"] as? NSNumber)?.intValue == 7)
    }

    @Test func aRejectedSettingChangesNothing() throws {
        let workspace = try Workspace("settings-rejected")
        defer { workspace.cleanUp() }
        let created = workspace.run("init", ["--org-timezone", "Europe/Berlin", "--min-group-size", "4"])
        #expect(created.status == 0)
        let rejected = workspace.run("settings", ["--min-group-size", "6", "--work-hours", "9-5"])
        expectUsageError(rejected, naming: ["--work-hours", "'9-5'"])
        #expect(workspace.run("settings").stdout == created.stdout)
    }

    @Test func settingsNeedAStore() throws {
        let workspace = try Workspace("settings-missing")
        defer { workspace.cleanUp() }
        for command in ["settings", "status"] {
            let result = workspace.run(command)
            expectRuntimeError(result, mentioning: ["there is no store at \(workspace.store)", "maturity init"])
        }
        #expect(!FileManager.default.fileExists(atPath: workspace.store))
    }

    @Test func aFileThatIsNotAStoreIsReported() throws {
        let workspace = try Workspace("not-a-store")
        defer { workspace.cleanUp() }
        try Data("person_id\np1\n".utf8).write(to: URL(fileURLWithPath: workspace.store))
        for command in ["status", "init"] {
            expectRuntimeError(workspace.run(command), mentioning: [
                "\(workspace.store) is not an AsyncMaturity store: it is not an SQLite database",
                "nothing was written to it",
            ])
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: workspace.store)) == Data("person_id\np1\n".utf8))
        let missingFolder = workspace.path("no/such/folder/store.sqlite")
        expectRuntimeError(RunBinary.run(["init", "--store", missingFolder]),
                           mentioning: ["cannot open the store \(missingFolder)"])
    }

    @Test func theStoreComesFromTheOptionThenTheEnvironmentThenTheCurrentFolder() throws {
        let workspace = try Workspace("store-path")
        defer { workspace.cleanUp() }
        let fromEnvironment = workspace.path("env.sqlite")
        let environment = ["MATURITY_STORE": fromEnvironment]

        // $MATURITY_STORE names the store when --store is absent.
        let created = RunBinary.run(["init", "--min-group-size", "3"], environment: environment,
                                    currentDirectory: workspace.url)
        #expect(created.status == 0, "\(created)")
        #expect(created.stderr == "store \(fromEnvironment) ready\n")
        #expect(FileManager.default.fileExists(atPath: fromEnvironment))
        let status = RunBinary.run(["status", "--format", "json"], environment: environment)
        #expect(status.status == 0, "\(status)")
        #expect(try jsonObject(status.stdout)["store"] as? String == fromEnvironment)

        // --store wins over $MATURITY_STORE.
        let fromOption = workspace.path("option.sqlite")
        #expect(RunBinary.run(["init", "--store", fromOption, "--min-group-size", "9"],
                              environment: environment).status == 0)
        let shown = RunBinary.run(["settings", "--store", fromOption], environment: environment)
        #expect(lines(shown.stdout).contains("min-group-size    9"))
        #expect(lines(RunBinary.run(["settings"], environment: environment).stdout).contains("min-group-size    3"))

        // Neither (or an empty $MATURITY_STORE): ./maturity.sqlite in the current folder.
        let folder = workspace.url.appendingPathComponent("cwd", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let local = RunBinary.run(["init"], environment: ["MATURITY_STORE": ""], currentDirectory: folder)
        #expect(local.status == 0, "\(local)")
        #expect(local.stderr == "store maturity.sqlite ready\n")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("maturity.sqlite").path))
        let localStatus = RunBinary.run(["status", "--format", "json"], currentDirectory: folder)
        #expect(try jsonObject(localStatus.stdout)["store"] as? String == "maturity.sqlite")
    }
}
