import Foundation

/// The points of one scored metric in one group.
public struct MetricPoints: Sendable, Equatable {
    public var metric: String
    public var weight: Double
    /// The metric's value; nil when undefined (or missing from the group's values).
    public var value: Double?
    /// 0...100; nil when the value is undefined, in which case the metric is left out of its dimension.
    public var points: Double?

    public init(metric: String, weight: Double, value: Double?, points: Double?) {
        self.metric = metric; self.weight = weight; self.value = value; self.points = points
    }
}

/// The score of one rubric dimension in one group.
public struct DimensionScore: Sendable, Equatable {
    public var name: String
    /// Weighted mean of the defined metrics' points; nil when the defined metrics carry less than half of the
    /// dimension's weight (none defined included).
    public var score: Double?
    /// Every metric of the dimension, in rubric order, defined or not.
    public var metrics: [MetricPoints]
    /// For an undefined dimension, the kinds of data that would define its undefined metrics
    /// (`MetricCatalog.dataNeeded(for:)`), each once, in rubric order; empty for a defined dimension.
    public var needs: [String]

    public init(name: String, score: Double?, metrics: [MetricPoints] = [], needs: [String] = []) {
        self.name = name; self.score = score; self.metrics = metrics; self.needs = needs
    }
}

/// The maturity score of one group (spec section 7). Values are unrounded: renderers round for display.
public struct Score: Sendable, Equatable {
    /// One entry per rubric dimension, in rubric order.
    public var dimensions: [DimensionScore]
    /// Mean of the defined dimensions; nil when fewer than half of the dimensions are defined.
    public var overall: Double?
    /// 1-based level from the unrounded overall score; nil when `overall` is nil.
    public var level: Int?
    public var levelName: String?

    public init(dimensions: [DimensionScore], overall: Double?, level: Int?, levelName: String?) {
        self.dimensions = dimensions; self.overall = overall; self.level = level; self.levelName = levelName
    }

    /// The score of the dimension of that name, nil when undefined or not in the rubric.
    public func dimension(_ name: String) -> Double? {
        dimensions.first { $0.name == name }?.score
    }
}

/// Scores a group's metric values against a rubric (spec section 7).
public enum Scorecard {
    /// points = 100 × (value − floor) / (target − floor), clamped to [0, 100]. Works when lower is better
    /// (floor above target): a value at or below the target earns 100. `floor` must differ from `target`
    /// (the rubric guarantees it).
    /// A weight as the decimal the rubric writes: the shortest decimal that reads back as the same double.
    static func exactWeight(_ weight: Double) -> Decimal {
        Decimal(string: String(weight), locale: Locale(identifier: "en_US_POSIX")) ?? Decimal(weight)
    }

    public static func points(value: Double, floor: Double, target: Double) -> Double {
        let raw = 100 * (value - floor) / (target - floor)
        return Swift.min(100, Swift.max(0, raw))
    }

    /// The score of one group: each dimension the weighted mean (Σ weight × points / Σ weight) of its defined
    /// metrics, the overall score the mean of the defined dimensions, the level from the unrounded overall.
    /// A metric missing from `metrics`, or whose value is nil or NaN, is undefined and left out. Metrics v2: a
    /// dimension is undefined unless its defined metrics carry at least half of its weight, and the overall score
    /// unless at least half of the dimensions are defined.
    public static func score(_ metrics: [String: MetricValue], rubric: Rubric) -> Score {
        var dimensions: [DimensionScore] = []
        for dimension in rubric.dimensions {
            var weightedSum = 0.0, weightSum = 0.0
            var entries: [MetricPoints] = []
            for metric in dimension.metrics {
                let value = metrics[metric.name]?.value.flatMap { $0.isNaN ? nil : $0 }
                let points = value.map { Self.points(value: $0, floor: metric.floor, target: metric.target) }
                if let points {
                    weightedSum += metric.weight * points
                    weightSum += metric.weight
                }
                entries.append(MetricPoints(metric: metric.name, weight: metric.weight, value: value, points: points))
            }
            // v2: the defined metrics must carry at least half of the dimension's weight, compared as the
            // decimals the rubric writes (0.5 + 1 + 1 is 2.5 exactly, not a binary approximation).
            let definedWeight = entries.filter { $0.points != nil }.reduce(Decimal(0)) { $0 + exactWeight($1.weight) }
            let totalWeight = entries.reduce(Decimal(0)) { $0 + exactWeight($1.weight) }
            let enough = weightSum > 0 && definedWeight * 2 >= totalWeight
            let score = enough ? weightedSum / weightSum : nil
            var needs: [String] = []
            if score == nil {
                for entry in entries where entry.points == nil {
                    let need = MetricCatalog.dataNeeded(for: entry.metric)
                    if !needs.contains(need) { needs.append(need) }
                }
            }
            dimensions.append(DimensionScore(name: dimension.name, score: score, metrics: entries, needs: needs))
        }
        let defined = dimensions.compactMap(\.score)
        // v2: the overall score needs at least half of the rubric's dimensions.
        let overall = defined.isEmpty || defined.count * 2 < dimensions.count
            ? nil : defined.reduce(0, +) / Double(defined.count)
        let level = overall.flatMap { rubric.level(for: $0) }
        return Score(dimensions: dimensions, overall: overall, level: level?.number, levelName: level?.band.name)
    }
}
