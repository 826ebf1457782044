import Foundation
@testable import MaturityCLI
import MaturityCore
@testable import MaturityMetrics
import MaturityTestSupport
import Testing

/// `assess`, `metric` and `demo` stream the messages from the store (`DatasetLoader.load(…, streamingMessages:
/// true)`): the dataset keeps what the metrics need of them (`MessageSummary`), not the messages. Every value must
/// be the one of a dataset that holds its messages: same requests, same channels, every family under every
/// grouping, the channel audiences and the coverage, on the three conformance companies and on the sample.
@Suite(.serialized)
struct StreamedDatasetTests {
    /// A store holding `folder` imported by the CLI.
    static func store(_ folder: URL, in temporary: TemporaryFolder, holidayCalendar: String? = nil) throws -> Store {
        let path = temporary.file("store.sqlite").path
        var arguments = ["init", "--store", path, "--org-timezone", "Europe/Berlin"]
        if let holidayCalendar { arguments += ["--holiday-calendar", holidayCalendar] }
        var initCommand = try MaturityCommand.parseAsRoot(arguments)
        try initCommand.run()
        var importCommand = try MaturityCommand.parseAsRoot(["import", "--store", path, "--timezone", "Europe/Berlin",
                                                             folder.path])
        try importCommand.run()
        return try Store(path: path, readOnly: true)
    }

    static func expectSameValues(_ store: Store, periods: [Period]) throws {
        let loaded = try DatasetLoader.load(store, periods: periods)
        let streamed = try DatasetLoader.load(store, periods: periods, streamingMessages: true)
        #expect(loaded.messageSummary == nil)
        #expect(streamed.messages.isEmpty)
        #expect(streamed.messageSummary?.messageCount == loaded.messages.count)
        #expect(streamed.channels == loaded.channels)
        #expect(streamed.sources.sorted() == loaded.sources.sorted())
        #expect(ResponseLatencyMetric.requests(in: streamed) == ResponseLatencyMetric.requests(in: loaded))
        #expect(!ResponseLatencyMetric.requests(in: loaded).isEmpty)
        for period in periods {
            #expect(DataCoverage.of(streamed, period: period) == DataCoverage.of(loaded, period: period))
            #expect(Assessor.channelAudiences(streamed, period: period)
                == Assessor.channelAudiences(loaded, period: period))
            for family in MetricCatalog.families {
                for groupBy in GroupBy.allCases {
                    #expect(family.compute(streamed, period: period, groupBy: groupBy)
                        == family.compute(loaded, period: period, groupBy: groupBy), "\(family) by \(groupBy)")
                }
            }
            for metric in [ResponseLatencyMetric.medianHours, AfterHoursMetric.messageShare,
                           DocumentationMetric.openChannelShare] {
                #expect(Assessor.query(streamed, metric: metric, period: period, groupBy: .channel, minGroupSize: 2)
                    == Assessor.query(loaded, metric: metric, period: period, groupBy: .channel, minGroupSize: 2))
            }
            let rubric = try Rubric.defaultRubric(knownMetrics: MetricCatalog.names)
            #expect(Assessor.assess(streamed, period: period, comparison: nil, rubric: rubric, minGroupSize: 5)
                == Assessor.assess(loaded, period: period, comparison: nil, rubric: rubric, minGroupSize: 5))
        }
    }

    @Test(arguments: ConformanceData.names)
    func theConformanceCompaniesGiveTheSameValuesStreamed(_ name: String) throws {
        let temporary = try TemporaryFolder("streamed-\(name)")
        defer { temporary.cleanUp() }
        let store = try Self.store(try ConformanceData.folder(name), in: temporary,
                                   holidayCalendar: ConformanceData.holidayCalendar(name))
        let zone = try store.settings().timeZone
        try Self.expectSameValues(store, periods: [try Period.quarter("2026Q1", zone: zone)])
    }

    @Test func theSampleGivesTheSameValuesStreamed() throws {
        let temporary = try TemporaryFolder("streamed-sample")
        defer { temporary.cleanUp() }
        let store = try Self.store(repositoryRoot.appendingPathComponent("datasets/sample"), in: temporary)
        let zone = try store.settings().timeZone
        try Self.expectSameValues(store, periods: [try Period.quarter("2026Q2", zone: zone),
                                                   try Period.quarter("2026Q3", zone: zone)])
    }
}
