import ArgumentParser
import Foundation
import MaturityCore

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import datasets/sample into a fresh store under .demo/ and print a summary.")

    @Option(name: .long, help: ArgumentHelp("The sample folder.", valueName: "dir"))
    var dataset: String = "datasets/sample"

    @Option(name: .long, help: ArgumentHelp("Where the demo store goes (git-ignored).", valueName: "dir"))
    var workdir: String = ".demo"

    func run() throws {
        try reportingErrors {
            let folder = URL(fileURLWithPath: dataset, isDirectory: true)
            guard FileManager.default.fileExists(atPath: folder.path) else {
                throw CLIError("there is no sample data at \(dataset)", fix: "run the demo from the repository's top folder")
            }
            try FileManager.default.createDirectory(atPath: workdir, withIntermediateDirectories: true)
            let path = (workdir as NSString).appendingPathComponent("sample.sqlite")
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            let store = try Store(path: path)
            var settings = OrganisationSettings()
            settings.timeZone = TimeZone(identifier: "Europe/Berlin")!
            settings.schedule.timeZone = settings.timeZone
            try store.save(settings)
            for (kind, url) in try Import.folderPlan(folder) {
                let summary = try Import.importFile(kind: kind, url: url, store: store, zone: nil, keepText: false)
                printError(summary.line)
            }
            var status = try Status.parse(["--store", path])
            try status.run()
        }
    }
}
