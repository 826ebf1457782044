import ArgumentParser
import Foundation
import MaturityCore

struct SettingsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "settings", abstract: "Show the organisation's settings, or change them with the options.",
        discussion: """
        Examples:
          maturity settings
          maturity settings --min-group-size 3

        See Documentation/Metrics.md (working hours and the minimum group size).
        """)

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var settingsOptions: SettingsOptions

    func run() throws {
        try reportingErrors {
            let store = try storeOptions.open()
            var settings = try store.settings()
            if !settingsOptions.isEmpty {
                try settingsOptions.apply(to: &settings)
                try store.save(settings)
            }
            print(Self.describe(settings), terminator: "")
        }
    }

    static func describe(_ s: OrganisationSettings) -> String {
        """
        org-timezone    \(s.timeZone.identifier)
        work-hours      \(WorkSchedule.formatClock(s.schedule.start))-\(WorkSchedule.formatClock(s.schedule.end))
        workdays        \(WorkSchedule.formatWorkdays(s.schedule.workdays))
        min-group-size  \(s.minGroupSize)

        """
    }
}
