import Foundation
import MaturityMetrics

/// What an assessment report shows, decided once for every layout: `TextRenderer` and `HtmlRenderer` both lay
/// out this value and decide nothing about content. Built from an `Assessment` by `ReportView.init(_:)`, with the
/// privacy rule (a suppressed group never shows a value), the comparison period, the rounding (`Formatting`) and
/// the order of every list already applied.
///
/// Cells hold plain text straight from the data: each renderer makes it safe for its medium (`terminalSafe` for
/// the terminal, HTML escaping for the page). Numbers the charts draw are kept beside the text, unrounded.
public struct ReportView: Sendable, Equatable {
    /// `AsyncMaturity assessment (metrics v2)`.
    public var title: String
    /// Label and value: `Period`, `Compared to` (with a comparison), `Rubric`, `Privacy`.
    public var facts: [Fact]
    public var overall: Overall
    /// Dimension, score, and with a comparison the comparison score and the change.
    public var dimensions: ReportTable
    /// The organisation's dimensions as bars: now and in the comparison period.
    public var dimensionBars: [Bar]
    /// The organisation's dimensions without enough data, and what to import to fill them (metrics v2).
    public var missingData: [MissingData]
    /// Every metric of the organisation: value, n, and with a comparison the comparison value and the change.
    public var metrics: ReportTable
    /// Every metric with its definition, value, n, comparison and status (`ok`, `undefined`, `suppressed`).
    public var metricCatalog: ReportTable
    /// Teams: members, score, level, change, dimension scores; a suppressed team is one row with its name and
    /// `suppressed (n < N)`. nil without teams.
    public var teams: ReportTable?
    /// Every metric of the organisation and of each shown team; nil without shown teams.
    public var teamMetrics: ReportTable?
    /// The rubric's metrics (rows) by group (the organisation, then every team; columns): value and points.
    /// nil without teams.
    public var heatMap: HeatMap?
    /// The organisation's scored metrics that cost the overall score most, largest loss first (at most five).
    public var drags: ReportTable
    /// One weekly series per rubric dimension (its headline metric), when the assessment carries them.
    public var trends: [Trend]
    /// Histograms of the organisation's values (response latency, meeting hours per person-week).
    public var distributions: [Histogram]
    public var rubric: RubricView
    /// File and the first 12 hex digits of its SHA-256; nil when the assessment records no input.
    public var inputs: ReportTable?
    /// How much of the period each kind of data reaches, and who is on the calendar; nil when not computed.
    public var coverage: ReportTable?

    public struct Fact: Sendable, Equatable {
        public var label: String
        public var value: String
    }

    /// The overall score and level of the organisation, and of the comparison period.
    public struct Overall: Sendable, Equatable {
        public var suppressed: Bool
        /// The score, unrounded; nil when undefined (or suppressed).
        public var score: Double?
        /// `58.0`, `-`.
        public var scoreText: String
        /// `3 Structured`; nil without a level.
        public var level: String?
        /// Why there is no score: `3 of 5 dimensions have data; the score needs at least half`.
        public var undefinedReason: String?
        public var comparison: Comparison?

        public struct Comparison: Sendable, Equatable {
            /// The comparison period's label.
            public var label: String
            /// nil when the comparison period has no shown score.
            public var score: Double?
            public var scoreText: String
            public var level: String
            /// `↓ -7.4`, `-`.
            public var change: String
        }
    }

    /// One bar of a bar chart: a value in 0...100 now, and in the comparison period.
    public struct Bar: Sendable, Equatable {
        public var label: String
        public var value: Double?
        public var previous: Double?
    }

    public struct MissingData: Sendable, Equatable {
        public var dimension: String
        public var needs: [String]
    }

    /// Metric values by group, coloured by the rubric's points.
    public struct HeatMap: Sendable, Equatable {
        /// Group names: `organisation`, then every team (suppressed teams included, as the text report names them).
        public var columns: [String]
        /// Metric names, in rubric order.
        public var rows: [String]
        /// `cells[row][column]`.
        public var cells: [[HeatCell]]
    }

    public struct HeatCell: Sendable, Equatable {
        /// `2.8 h`, `-`, or `suppressed`.
        public var text: String
        /// The rubric's points (0...100) of the value; nil when undefined or suppressed.
        public var points: Double?
        public var suppressed: Bool

        public init(text: String, points: Double?, suppressed: Bool) {
            self.text = text; self.points = points; self.suppressed = suppressed
        }
    }

    /// A dimension's headline metric week by week.
    public struct Trend: Sendable, Equatable {
        public var dimension: String
        /// nil when no metric of the dimension is computed per week.
        public var metric: String?
        public var unit: MetricUnit
        /// The rubric's target for the metric, in the metric's own scale; nil when not scored.
        public var target: Double?
        public var points: [TrendPoint]
    }

    public struct TrendPoint: Sendable, Equatable {
        /// `W01` (the week of the ISO week label).
        public var label: String
        /// nil when undefined in that week.
        public var value: Double?
        /// The value as shown: `2.8 h`, `77.5%`, `-`.
        public var text: String
    }

    public struct Histogram: Sendable, Equatable {
        public var title: String
        public var n: Int
        /// Bin labels (`< 5 min`, `1-4 h`, `≥ 7 d`) and counts.
        public var bins: [(label: String, count: Int)]
        /// `median 2.8 h`: the organisation's metric value as the report shows it.
        public var note: String

        public static func == (a: Histogram, b: Histogram) -> Bool {
            a.title == b.title && a.n == b.n && a.note == b.note && a.bins.count == b.bins.count
                && zip(a.bins, b.bins).allSatisfy { $0.label == $1.label && $0.count == $1.count }
        }
    }

    public struct RubricView: Sendable, Equatable {
        /// `Fixture rubric, version 2, fingerprint 920551d8a297d04b`.
        public var description: String
        /// `1 Reactive (< 20)`, ...
        public var levels: [String]
        /// Dimension (on its first metric only), metric, floor, target, weight, better.
        public var table: ReportTable
    }
}

/// A table of plain text cells with a title; a row with fewer cells than columns lets its last cell span the
/// remaining columns (a suppressed team: its name, then `suppressed (n < 5)`).
public struct ReportTable: Sendable, Equatable {
    public enum Alignment: Sendable, Equatable { case left, right }
    /// How a cell reads, for layouts that can show it (the text report ignores it).
    public enum Tone: Sendable, Equatable { case plain, better, worse, muted }

    public struct Column: Sendable, Equatable {
        public var title: String
        public var alignment: Alignment
    }

    public struct Cell: Sendable, Equatable {
        public var text: String
        public var tone: Tone
        public init(_ text: String, tone: Tone = .plain) { self.text = text; self.tone = tone }
    }

    /// `Metrics (organisation)`; nil for a table without a title line.
    public var title: String?
    public var columns: [Column]
    public var rows: [[Cell]]

    init(title: String? = nil, _ columns: [(String, Alignment)]) {
        self.title = title
        self.columns = columns.map { Column(title: $0.0, alignment: $0.1) }
        self.rows = []
    }

    mutating func add(_ cells: [Cell]) { rows.append(cells) }
    mutating func add(_ texts: [String]) { rows.append(texts.map { Cell($0) }) }
}

extension ReportView {
    public init(_ assessment: Assessment) {
        let a = assessment
        let builder = Builder(a)
        title = "AsyncMaturity assessment (metrics v\(a.metricsVersion))"
        facts = builder.facts()
        overall = builder.overall()
        dimensions = builder.dimensionTable()
        dimensionBars = builder.dimensionBars()
        missingData = builder.missingData()
        metrics = builder.metricTable(catalog: false)
        metricCatalog = builder.metricTable(catalog: true)
        teams = a.groups.isEmpty ? nil : builder.teamTable()
        teamMetrics = a.groups.isEmpty ? nil : builder.teamMetricTable()
        heatMap = a.groups.isEmpty ? nil : builder.heatMap()
        drags = builder.drags()
        trends = builder.trends()
        distributions = builder.histograms()
        rubric = builder.rubricView()
        inputs = a.inputs.isEmpty ? nil : builder.inputTable()
        coverage = a.coverage.map { builder.coverageTable($0) }
    }
}

/// Builds the parts of a `ReportView`; every rule of what a report shows lives here.
private struct Builder {
    let a: Assessment

    init(_ a: Assessment) { self.a = a }

    /// The group when it exists and is not suppressed.
    func shown(_ group: GroupAssessment?) -> GroupAssessment? {
        guard let group, !group.suppressed else { return nil }
        return group
    }

    func value(_ group: GroupAssessment?, _ metric: String) -> Double? {
        shown(group)?.metrics[metric]?.value
    }

    func metricUnit(_ metric: String) -> MetricUnit { MetricCatalog.definition(metric)?.unit ?? .number }

    func describe(_ period: PeriodInfo) -> String {
        "\(period.label), \(period.from) to \(period.to) (\(period.timezone))"
    }

    /// `3 Structured`, `-` without a level. Spaces around are trimmed; a tab stays (the terminal shows it as
    /// U+FFFD, as it did before the view model).
    func levelText(_ score: Score?) -> String {
        guard let score, let level = score.level else { return "-" }
        return "\(level) \(score.levelName ?? "")".trimmingCharacters(in: CharacterSet.whitespaces.subtracting(["\t"]))
    }

    /// A metric's change reads better or worse as `Formatting.change` says.
    func tone(of change: String) -> ReportTable.Tone {
        change.hasSuffix(" better") ? .better : change.hasSuffix(" worse") ? .worse : .plain
    }

    /// A score's change: higher scores are better; a change that rounds to zero is neither.
    func scoreTone(of change: String) -> ReportTable.Tone {
        change.hasPrefix("↑") ? .better : change.hasPrefix("↓") ? .worse : .plain
    }

    func facts() -> [ReportView.Fact] {
        var facts = [ReportView.Fact(label: "Period", value: describe(a.period))]
        if let comparison = a.comparison { facts.append(.init(label: "Compared to", value: describe(comparison))) }
        facts.append(.init(label: "Rubric",
                           value: "\(a.rubric.name), version \(a.rubric.version) (fingerprint \(a.rubric.fingerprint))"))
        facts.append(.init(label: "Privacy", value: "teams with fewer than \(a.minGroupSize) members are suppressed"))
        return facts
    }

    func overall() -> ReportView.Overall {
        var result = ReportView.Overall(suppressed: a.org.suppressed, score: nil, scoreText: "-", level: nil,
                                        undefinedReason: nil, comparison: nil)
        guard !a.org.suppressed else { return result }
        if let score = a.org.score, let overall = score.overall {
            result.score = overall
            result.scoreText = Formatting.displayScore(overall)
            result.level = levelText(score)
        } else {
            let defined = a.org.score?.dimensions.filter { $0.score != nil }.count ?? 0
            result.undefinedReason = "\(defined) of \(a.rubric.dimensions.count) dimensions have data; "
                + "the score needs at least half"
        }
        if let comparison = a.comparison {
            let previous = shown(a.comparisonGroup(for: a.org))
            let old = previous?.score?.overall
            result.comparison = .init(
                label: comparison.label, score: old, scoreText: Formatting.displayScore(old),
                level: levelText(previous?.score),
                change: Formatting.change(from: old, to: a.org.score?.overall, unit: .number))
        }
        return result
    }

    func dimensionTable() -> ReportTable {
        let previous = a.comparisonGroup(for: a.org)
        var columns: [(String, ReportTable.Alignment)] = [("Dimension", .left), ("Score", .right)]
        if let comparison = a.comparison { columns += [(comparison.label, .right), ("Change", .left)] }
        var table = ReportTable(columns)
        for dimension in a.rubric.dimensions {
            let now = a.org.suppressed ? nil : a.org.score?.dimension(dimension.name)
            var row = [ReportTable.Cell(dimension.name), .init(Formatting.displayScore(now))]
            if a.comparison != nil {
                let old = shown(previous)?.score?.dimension(dimension.name)
                let change = Formatting.change(from: old, to: now, unit: .number)
                row += [.init(Formatting.displayScore(old)), .init(change, tone: scoreTone(of: change))]
            }
            table.add(row)
        }
        return table
    }

    func dimensionBars() -> [ReportView.Bar] {
        let previous = a.comparison == nil ? nil : shown(a.comparisonGroup(for: a.org))
        return a.rubric.dimensions.map { dimension in
            ReportView.Bar(label: dimension.name,
                           value: shown(a.org)?.score?.dimension(dimension.name),
                           previous: previous?.score?.dimension(dimension.name))
        }
    }

    func missingData() -> [ReportView.MissingData] {
        guard let score = shown(a.org)?.score else { return [] }
        return score.dimensions.filter { $0.score == nil }.map { .init(dimension: $0.name, needs: $0.needs) }
    }

    func metricTable(catalog: Bool) -> ReportTable {
        let previous = a.comparisonGroup(for: a.org)
        var columns: [(String, ReportTable.Alignment)] = [("Metric", .left)]
        if catalog { columns.append(("Definition", .left)) }
        columns += [(a.period.label, .right), ("n", .right)]
        if let comparison = a.comparison { columns += [(comparison.label, .right), ("Change", .left)] }
        if catalog { columns.append(("Status", .left)) }
        var table = ReportTable(title: catalog ? "Every metric" : "Metrics (organisation)", columns)
        for metric in a.metricOrder {
            let definition = MetricCatalog.definition(metric)
            let unit = definition?.unit ?? .number
            let now = value(a.org, metric)
            let count = shown(a.org).map { String($0.metrics[metric]?.n ?? 0) } ?? "-"
            var row = [ReportTable.Cell(metric)]
            if catalog { row.append(.init(a.metricSummaries[metric] ?? definition?.summary ?? "")) }
            row += [.init(Formatting.displayValue(now, unit: unit)), .init(count)]
            if a.comparison != nil {
                let old = value(previous, metric)
                let change = Formatting.change(from: old, to: now, unit: unit,
                                               higherIsBetter: definition?.better.higherIsBetter)
                row += [.init(Formatting.displayValue(old, unit: unit)), .init(change, tone: tone(of: change))]
            }
            if catalog {
                let status = a.org.suppressed ? "suppressed" : now == nil ? "undefined" : "ok"
                row.append(.init(status, tone: status == "ok" ? .plain : .muted))
            }
            table.add(row)
        }
        return table
    }

    func teamTable() -> ReportTable {
        var columns: [(String, ReportTable.Alignment)] = [
            ("Team", .left), ("Members", .right), ("Score", .right), ("Level", .left),
        ]
        if a.comparison != nil { columns.append(("Change", .left)) }
        columns += a.rubric.dimensions.map { ($0.name, .right) }
        var table = ReportTable(title: "Teams", columns)
        for group in a.groups {
            guard !group.suppressed else {
                table.add([.init(group.group), .init("suppressed (n < \(a.minGroupSize))", tone: .muted)])
                continue
            }
            let overall = group.score?.overall
            var row = [group.group, String(group.members), Formatting.displayScore(overall), levelText(group.score)]
                .map { ReportTable.Cell($0) }
            if a.comparison != nil {
                let old = shown(a.comparisonGroup(for: group))?.score?.overall
                let change = Formatting.change(from: old, to: overall, unit: .number)
                row.append(.init(change, tone: scoreTone(of: change)))
            }
            row += a.rubric.dimensions.map { .init(Formatting.displayScore(group.score?.dimension($0.name))) }
            table.add(row)
        }
        return table
    }

    func teamMetricTable() -> ReportTable? {
        let teams = a.groups.filter { !$0.suppressed }
        guard !teams.isEmpty else { return nil }
        var columns: [(String, ReportTable.Alignment)] = [("Metric", .left), ("organisation", .right)]
        columns += teams.map { ($0.group, .right) }
        var table = ReportTable(title: "Team metrics (\(a.period.label))", columns)
        for metric in a.metricOrder {
            let unit = metricUnit(metric)
            table.add([metric, Formatting.displayValue(value(a.org, metric), unit: unit)]
                + teams.map { Formatting.displayValue(value($0, metric), unit: unit) })
        }
        return table
    }

    func heatMap() -> ReportView.HeatMap {
        let groups = [a.org] + a.groups
        let metrics = a.rubric.dimensions.flatMap(\.metrics)
        let cells = metrics.map { rubricMetric in
            groups.map { group -> ReportView.HeatCell in
                guard let group = shown(group) else {
                    return ReportView.HeatCell(text: "suppressed", points: nil, suppressed: true)
                }
                let value = group.metrics[rubricMetric.name]?.value
                let points = value.flatMap { $0.isFinite ? $0 : nil }.map {
                    Scorecard.points(value: $0, floor: rubricMetric.floor, target: rubricMetric.target)
                }
                return ReportView.HeatCell(text: Formatting.displayValue(value, unit: metricUnit(rubricMetric.name)),
                                           points: points, suppressed: false)
            }
        }
        return ReportView.HeatMap(columns: ["organisation"] + a.groups.map(\.group), rows: metrics.map(\.name),
                                  cells: cells)
    }

    /// Each scored metric's loss: the points of the overall score it costs, weight × (100 − points) over the
    /// weight of its dimension's defined metrics, over the number of defined dimensions. The losses add up to
    /// 100 − overall.
    func drags() -> ReportTable {
        var table = ReportTable(title: "What costs the score most", [
            ("Metric", .left), ("Dimension", .left), ("Value", .right), ("Target", .right), ("Points", .right),
            ("Score lost", .right),
        ])
        guard let score = shown(a.org)?.score, score.overall != nil else { return table }
        let defined = score.dimensions.filter { $0.score != nil }
        var losses: [(metric: String, dimension: String, value: Double, target: Double, points: Double, loss: Double)] = []
        for dimension in defined {
            let entries = dimension.metrics.filter { $0.points != nil }
            let weight = entries.reduce(0) { $0 + $1.weight }
            guard weight > 0 else { continue }
            let rubricDimension = a.rubric.dimensions.first { $0.name == dimension.name }
            for entry in entries {
                guard let points = entry.points, let value = entry.value,
                      let target = rubricDimension?.metrics.first(where: { $0.name == entry.metric })?.target else {
                    continue
                }
                let loss = entry.weight * (100 - points) / weight / Double(defined.count)
                if loss > 0 {
                    losses.append((entry.metric, dimension.name, value, target, points, loss))
                }
            }
        }
        // Largest loss first; equal losses in rubric order (the sort is stable).
        let ranked = losses.enumerated().sorted { l, r in
            l.element.loss != r.element.loss ? l.element.loss > r.element.loss : l.offset < r.offset
        }.map(\.element)
        for entry in ranked.prefix(5) {
            let unit = metricUnit(entry.metric)
            table.add([entry.metric, entry.dimension, Formatting.displayValue(entry.value, unit: unit),
                       Formatting.displayValue(entry.target, unit: unit), Formatting.displayScore(entry.points),
                       "-" + Formatting.fixed(entry.loss, decimals: 1)])
        }
        return table
    }

    func trends() -> [ReportView.Trend] {
        guard let details = a.details else { return [] }
        return details.weekly.map { series in
            let unit = series.metric.map(metricUnit) ?? .number
            let target = series.metric.flatMap { name in
                a.rubric.dimensions.flatMap(\.metrics).first { $0.name == name }?.target
            }
            return ReportView.Trend(
                dimension: series.dimension, metric: series.metric, unit: unit, target: target,
                points: series.weeks.map { week in
                    let label = week.label.split(separator: "-").last.map(String.init) ?? week.label
                    return ReportView.TrendPoint(label: label, value: week.value.value,
                                                 text: Formatting.displayValue(week.value.value, unit: unit))
                })
        }
    }

    func histograms() -> [ReportView.Histogram] {
        guard let details = a.details else { return [] }
        return details.distributions.map { distribution in
            let unit = distribution.unit
            let median = Formatting.displayValue(value(a.org, distribution.metric), unit: unit)
            return ReportView.Histogram(
                title: distribution.title, n: distribution.n,
                bins: distribution.bins.map { (label: binLabel($0, unit: unit), count: $0.count) },
                note: "n = \(distribution.n), median \(median) (\(distribution.metric))")
        }
    }

    /// `< 5 min`, `5 min-1 h`, `1-4 h`, `1-2 d`, `≥ 7 d` for hours; `0-2`, `≥ 20` otherwise.
    func binLabel(_ bin: Distribution.Bin, unit: MetricUnit) -> String {
        func hours(_ x: Double) -> (String, String) {
            if x < 1 { return (Formatting.compact((x * 60).rounded()), "min") }
            if x >= 24 && (x / 24).rounded() == x / 24 { return (Formatting.compact(x / 24), "d") }
            return (Formatting.compact(x), "h")
        }
        guard unit == .hours else {
            guard let upper = bin.upper else { return "≥ " + Formatting.compact(bin.lower) }
            return Formatting.compact(bin.lower) + "-" + Formatting.compact(upper)
        }
        guard let upper = bin.upper else {
            let (n, u) = hours(bin.lower)
            return "≥ \(n) \(u)"
        }
        let (hi, hiUnit) = hours(upper)
        if bin.lower == 0 { return "< \(hi) \(hiUnit)" }
        let (lo, loUnit) = hours(bin.lower)
        return loUnit == hiUnit ? "\(lo)-\(hi) \(hiUnit)" : "\(lo) \(loUnit)-\(hi) \(hiUnit)"
    }

    func rubricView() -> ReportView.RubricView {
        let rubric = a.rubric
        var bands: [String] = []
        for (i, band) in rubric.levels.enumerated() {
            let bound = i + 1 < rubric.levels.count
                ? "< " + Formatting.compact(rubric.levels[i + 1].from)
                : "≥ " + Formatting.compact(band.from)
            bands.append("\(i + 1) \(band.name) (\(bound))")
        }
        var table = ReportTable([
            ("Dimension", .left), ("Metric", .left), ("Floor", .right), ("Target", .right), ("Weight", .right),
            ("Better", .left),
        ])
        for dimension in rubric.dimensions {
            for (i, metric) in dimension.metrics.enumerated() {
                table.add([i == 0 ? dimension.name : "", metric.name,
                           Formatting.compact(metric.floor), Formatting.compact(metric.target),
                           Formatting.compact(metric.weight), metric.higherIsBetter ? "higher" : "lower"])
            }
        }
        return .init(description: "\(rubric.name), version \(rubric.version), fingerprint \(rubric.fingerprint)",
                     levels: bands, table: table)
    }

    func coverageTable(_ coverage: CoverageInfo) -> ReportTable {
        var table = ReportTable(title: "Data coverage of \(a.period.label)",
                                [("Data", .left), ("Covered", .right), ("First", .left), ("Last", .left)])
        for kind in coverage.kinds {
            table.add([kind.kind, "\(kind.coveredDays) of \(kind.periodDays) days", kind.first, kind.last])
        }
        if coverage.kinds.isEmpty { table.add(["no data", "-", "", ""]) }
        table.add(["team members on the calendar", "\(coverage.peopleOnCalendar) of \(coverage.people)", "", ""])
        return table
    }

    func inputTable() -> ReportTable {
        var table = ReportTable(title: "Inputs", [("File", .left), ("SHA-256", .left)])
        for input in a.inputs { table.add([input.file, String(input.sha256.prefix(12))]) }
        return table
    }
}
