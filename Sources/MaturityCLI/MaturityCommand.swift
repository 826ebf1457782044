import ArgumentParser

public struct MaturityCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "maturity",
        abstract: "Measure how mature an organisation's asynchronous work is, from the data its tools export.",
        version: "0.1.0",
        subcommands: [Init.self, SettingsCommand.self, Import.self, Runs.self, Status.self, People.self, Doctor.self, Assess.self, Metric.self, SQL.self,
                      Generate.self, Demo.self]
    )
    public init() {}
}
