import Foundation
import TOMLKit

/// One scored metric of a rubric dimension (spec section 7).
///
/// Points run linearly from 0 at `floor` to 100 at `target`. When lower is better (a latency, a share of
/// overloaded weeks), the floor is above the target.
public struct RubricMetric: Sendable, Equatable {
    /// The spec's metric name, e.g. `response_latency.answered_rate`.
    public var name: String
    /// The value worth 0 points.
    public var floor: Double
    /// The value worth 100 points.
    public var target: Double
    /// The metric's weight in its dimension's weighted mean; greater than 0, 1 unless given.
    public var weight: Double

    public init(name: String, floor: Double, target: Double, weight: Double = 1) {
        self.name = name; self.floor = floor; self.target = target; self.weight = weight
    }

    /// True when a higher value earns more points (target above floor).
    public var higherIsBetter: Bool { target > floor }
}

/// A named group of scored metrics; its score is the weighted mean of its defined metrics' points.
public struct RubricDimension: Sendable, Equatable {
    public var name: String
    public var metrics: [RubricMetric]

    public init(name: String, metrics: [RubricMetric]) { self.name = name; self.metrics = metrics }
}

/// A maturity level: it starts at `from` (inclusive) and runs up to the next band's `from` (exclusive); the last
/// band has no upper end. Levels are numbered from 1 in rubric order.
public struct LevelBand: Sendable, Equatable {
    public var name: String
    public var from: Double

    public init(name: String, from: Double) { self.name = name; self.from = from }
}

/// Why a rubric was rejected. `problems` lists every problem found, in document order; each message names the
/// dimension or metric concerned and how to fix it.
public struct RubricError: Error, Equatable, CustomStringConvertible {
    /// Where the rubric came from: a file path, or `default-rubric.toml (built in)`.
    public var source: String
    public var problems: [String]

    public init(source: String, problems: [String]) { self.source = source; self.problems = problems }

    public var description: String {
        if problems.count == 1 { return "rubric \(source): \(problems[0])" }
        let lines = problems.map { "  - \($0)" }.joined(separator: "\n")
        return "rubric \(source) has \(problems.count) problems:\n\(lines)"
    }
}

/// A maturity rubric (spec section 7): ordered dimensions of scored metrics with floors, targets and weights,
/// and the level bands. The default rubric ships as the resource `default-rubric.toml`; users may replace it
/// with their own file (`--rubric`).
///
/// File format (TOML):
/// ```toml
/// name = "AsyncMaturity default"
/// version = "1"                       # a string or an integer
/// levels = [ { name = "Reactive", from = 0 }, { name = "Emerging", from = 20 } ]
///
/// [[dimensions]]
/// name = "Responsiveness"
/// metrics = [
///     { name = "response_latency.answered_rate", floor = 0.60, target = 0.98 },
///     { name = "response_latency.instant_share", floor = 0.60, target = 0.20, weight = 0.5 },
/// ]
/// ```
/// `[[dimensions.metrics]]` tables work as well as the inline array. Unknown keys are rejected, so a typo such
/// as `wieght` cannot silently fall back to the default.
///
/// **Fingerprint.** `fingerprint` is the FNV-1a 64-bit hash (16 lower-case hex digits) of the UTF-8 bytes of
/// `canonicalTOML`, the rubric written back in one fixed layout. Comments, key order, spacing and number
/// spelling (`0.50` or `0.5`) do not change it; any change of a name, version, floor, target, weight or level
/// does. It identifies a rubric in reports; it is not a cryptographic hash.
public struct Rubric: Sendable, Equatable {
    public var name: String
    public var version: String
    /// In rubric order: the order of every score table.
    public var dimensions: [RubricDimension]
    /// Level 1 first; the starts increase, the first is 0.
    public var levels: [LevelBand]

    /// Source name used in the errors of a rubric built in code.
    public static let codeSource = "built in code"
    /// Source name of the shipped default rubric.
    public static let defaultSource = "default-rubric.toml (built in)"

    /// Builds and validates a rubric.
    /// - Parameter knownMetrics: when given, every scored metric must be one of these names.
    /// - Throws: `RubricError` listing every problem (floor = target, weight ≤ 0 or not finite, a dimension
    ///   without metrics, an unknown or repeated metric, repeated or empty names, level starts that do not
    ///   increase from 0).
    public init(name: String, version: String, dimensions: [RubricDimension], levels: [LevelBand],
                knownMetrics: [String]? = nil, source: String = Rubric.codeSource) throws(RubricError) {
        self.name = name; self.version = version; self.dimensions = dimensions; self.levels = levels
        let problems = validate(knownMetrics: knownMetrics)
        if !problems.isEmpty { throw RubricError(source: source, problems: problems) }
    }

    /// Parses and validates a rubric file's text.
    /// - Parameters:
    ///   - source: names the file in error messages.
    ///   - knownMetrics: when given, every scored metric must be one of these names.
    public init(toml text: String, source: String, knownMetrics: [String]? = nil) throws(RubricError) {
        let root: TOMLTable
        do {
            root = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            let position = error.source.begin
            throw RubricError(source: source, problems: [
                "line \(position.line), column \(position.column): \(error.description); fix the TOML syntax there",
            ])
        } catch {
            throw RubricError(source: source, problems: ["\(error); fix the TOML syntax"])
        }
        var reader = RubricReader()
        let parsed = reader.read(root)
        guard reader.problems.isEmpty else { throw RubricError(source: source, problems: reader.problems) }
        try self.init(name: parsed.name, version: parsed.version, dimensions: parsed.dimensions,
                      levels: parsed.levels, knownMetrics: knownMetrics, source: source)
    }

    /// Reads a user's rubric file.
    public static func load(contentsOf url: URL, knownMetrics: [String]? = nil) throws(RubricError) -> Rubric {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw RubricError(source: url.path, problems: [
                "cannot read the file as UTF-8 text (\(error.localizedDescription)); check the path given to --rubric",
            ])
        }
        return try Rubric(toml: text, source: url.path, knownMetrics: knownMetrics)
    }

    /// The text of the shipped `default-rubric.toml` (the table of spec section 7), comments included.
    public static func defaultRubricText() throws(RubricError) -> String {
        guard let url = Bundle.module.url(forResource: "default-rubric", withExtension: "toml") else {
            throw RubricError(source: defaultSource, problems: [
                "the resource default-rubric.toml is missing from the MaturityMetrics bundle; reinstall maturity",
            ])
        }
        do {
            return try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw RubricError(source: defaultSource, problems: [
                "cannot read the resource \(url.path) as UTF-8 text (\(error.localizedDescription)); reinstall maturity",
            ])
        }
    }

    /// The shipped default rubric (spec section 7).
    public static func defaultRubric(knownMetrics: [String]? = nil) throws(RubricError) -> Rubric {
        try Rubric(toml: defaultRubricText(), source: defaultSource, knownMetrics: knownMetrics)
    }

    /// The scored metric of that name and its dimension, if the rubric scores it.
    public func metric(named name: String) -> (dimension: String, metric: RubricMetric)? {
        for dimension in dimensions {
            if let metric = dimension.metrics.first(where: { $0.name == name }) {
                return (dimension.name, metric)
            }
        }
        return nil
    }

    /// The level of an unrounded overall score: the last band whose start is ≤ the score (level 1 below the
    /// first start). Returns the 1-based level number and the band.
    public func level(for score: Double) -> (number: Int, band: LevelBand)? {
        guard !levels.isEmpty, !score.isNaN else { return nil }
        var index = 0
        for (i, band) in levels.enumerated() where score >= band.from { index = i }
        return (index + 1, levels[index])
    }

    /// The rubric in one fixed TOML layout, without comments; parsing it gives back an equal rubric.
    public var canonicalTOML: String {
        var lines = ["name = \(Self.tomlString(name))", "version = \(Self.tomlString(version))", "levels = ["]
        for band in levels {
            lines.append("    { name = \(Self.tomlString(band.name)), from = \(Self.tomlNumber(band.from)) },")
        }
        lines.append("]")
        for dimension in dimensions {
            lines += ["", "[[dimensions]]", "name = \(Self.tomlString(dimension.name))", "metrics = ["]
            for metric in dimension.metrics {
                lines.append("    { name = \(Self.tomlString(metric.name)), floor = \(Self.tomlNumber(metric.floor)), "
                    + "target = \(Self.tomlNumber(metric.target)), weight = \(Self.tomlNumber(metric.weight)) },")
            }
            lines.append("]")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// FNV-1a 64-bit hash of `canonicalTOML`, as 16 lower-case hex digits (see the type's documentation).
    public var fingerprint: String { Self.fnv1a64Hex(Array(canonicalTOML.utf8)) }

    /// FNV-1a 64-bit hash of bytes, as 16 lower-case hex digits.
    public static func fnv1a64Hex(_ bytes: [UInt8]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    // MARK: - Validation

    /// Every problem of the rubric, in order; empty when valid.
    func validate(knownMetrics: [String]?) -> [String] {
        var problems: [String] = []
        if name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            problems.append("the rubric has no name; add a line such as name = \"Our rubric\" at the top")
        }
        if version.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            problems.append("the rubric has no version; add a line such as version = \"1\" at the top")
        }
        problems += validateLevels()
        if dimensions.isEmpty {
            problems.append("the rubric has no dimensions; add at least one [[dimensions]] table with metrics")
        }
        var dimensionNames: Set<String> = []
        var metricHome: [String: String] = [:]
        let known = knownMetrics.map(Set.init)
        for (position, dimension) in dimensions.enumerated() {
            let label = Self.dimensionLabel(dimension.name, position: position)
            if dimension.name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                problems.append("\(label) has no name; add name = \"...\" to it")
            } else if !dimensionNames.insert(dimension.name).inserted {
                problems.append("\(label) appears twice; give each dimension its own name")
            }
            if dimension.metrics.isEmpty {
                problems.append("\(label) has no metrics; add at least one metric to it or remove the dimension")
            }
            for metric in dimension.metrics {
                let context = "\(label), metric \"\(metric.name)\""
                if let known, !known.contains(metric.name) {
                    problems.append(Self.unknownMetricProblem(context, metric.name, known: knownMetrics ?? []))
                } else if let home = metricHome[metric.name] {
                    problems.append(home == dimension.name
                        ? "\(context): listed twice in the dimension; keep one entry"
                        : "\(context): already scored in dimension \"\(home)\"; score each metric in one dimension")
                } else {
                    metricHome[metric.name] = dimension.name
                }
                problems += Self.numberProblems(metric, context: context)
            }
        }
        return problems
    }

    private static func numberProblems(_ metric: RubricMetric, context: String) -> [String] {
        var problems: [String] = []
        if !metric.floor.isFinite || !metric.target.isFinite {
            problems.append("\(context): floor and target must be finite numbers; write plain numbers such as 0.5")
        } else if metric.floor == metric.target {
            problems.append("\(context): floor and target are both \(tomlNumber(metric.floor)); set the target above "
                + "the floor when higher is better, below it when lower is better")
        }
        if !metric.weight.isFinite || metric.weight <= 0 {
            problems.append("\(context): weight \(tomlNumber(metric.weight)) must be greater than 0; give a positive "
                + "weight (1 when left out), or remove the metric to leave it out of the score")
        }
        return problems
    }

    private func validateLevels() -> [String] {
        guard let first = levels.first else {
            return ["the rubric has no levels; add levels = [{ name = \"Reactive\", from = 0 }, ...] at the top"]
        }
        var problems: [String] = []
        for (i, band) in levels.enumerated()
        where band.name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            problems.append("level \(i + 1) has no name; add name = \"...\" to it")
        }
        if first.from != 0 {
            problems.append("level 1 (\"\(first.name)\") starts at \(Self.tomlNumber(first.from)); "
                + "the first level must start at 0 so that every score has a level")
        }
        for i in levels.indices.dropFirst() {
            let band = levels[i], previous = levels[i - 1]
            if !band.from.isFinite || band.from > 100 {
                problems.append("level \(i + 1) (\"\(band.name)\") starts at \(Self.tomlNumber(band.from)); "
                    + "level starts must be between 0 and 100")
            } else if band.from <= previous.from {
                problems.append("level \(i + 1) (\"\(band.name)\") starts at \(Self.tomlNumber(band.from)), "
                    + "not above level \(i) (\"\(previous.name)\") at \(Self.tomlNumber(previous.from)); "
                    + "level starts must increase")
            }
        }
        return problems
    }

    static func dimensionLabel(_ name: String, position: Int) -> String {
        name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
            ? "dimension #\(position + 1)" : "dimension \"\(name)\""
    }

    private static func unknownMetricProblem(_ context: String, _ name: String, known: [String]) -> String {
        let hint = "`maturity metric` lists the metric names"
        let nearest = known.map { (name: $0, distance: editDistance(name, $0)) }
            .min { $0.distance != $1.distance ? $0.distance < $1.distance : $0.name < $1.name }
        if let nearest, nearest.distance <= max(2, name.count / 4) {
            return "\(context): unknown metric; did you mean \"\(nearest.name)\"? (\(hint))"
        }
        return "\(context): unknown metric; \(hint)"
    }

    /// Levenshtein distance over Unicode scalars.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
        if x.isEmpty { return y.count }
        var row = Array(0...y.count)
        for i in 1...x.count {
            var previousDiagonal = row[0]
            row[0] = i
            for j in stride(from: 1, through: y.count, by: 1) {
                let above = row[j]
                row[j] = Swift.min(row[j] + 1, row[j - 1] + 1, previousDiagonal + (x[i - 1] == y[j - 1] ? 0 : 1))
                previousDiagonal = above
            }
        }
        return row[y.count]
    }

    // MARK: - TOML writing

    /// A TOML basic string.
    static func tomlString(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                let hex = String(scalar.value, radix: 16, uppercase: true)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// A TOML float: Swift's shortest round-trip spelling (`0.5`, `20.0`, `1e-05`), all valid TOML floats.
    static func tomlNumber(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        return x == 0 ? "0.0" : x.description
    }
}

/// Reads the TOML tree of a rubric into plain values, collecting every type and key problem.
private struct RubricReader {
    var problems: [String] = []

    struct Parsed {
        var name = "", version = ""
        var dimensions: [RubricDimension] = []
        var levels: [LevelBand] = []
    }

    mutating func read(_ root: TOMLTable) -> Parsed {
        var parsed = Parsed()
        checkKeys(root, allowed: ["name", "version", "levels", "dimensions"], context: "the top level")
        parsed.name = string(root, "name", context: "the top level") ?? ""
        if let value = root["version"] {
            if let text = value.string {
                parsed.version = text
            } else if let number = value.int {
                parsed.version = String(number)
            } else {
                problems.append("the top level: version must be a string or an integer, found \(value.type); "
                    + "write version = \"1\"")
            }
        }
        for (i, table) in tables(root, "levels", context: "the top level").enumerated() {
            let context = "level \(i + 1)"
            checkKeys(table, allowed: ["name", "from"], context: context)
            let name = string(table, "name", context: context) ?? ""
            guard let from = number(table, "from", context: context, required: true) else { continue }
            parsed.levels.append(LevelBand(name: name, from: from))
        }
        for (i, table) in tables(root, "dimensions", context: "the top level").enumerated() {
            let name = string(table, "name", context: "dimension #\(i + 1)") ?? ""
            let label = Rubric.dimensionLabel(name, position: i)
            checkKeys(table, allowed: ["name", "metrics"], context: label)
            var metrics: [RubricMetric] = []
            for (j, entry) in tables(table, "metrics", context: label).enumerated() {
                let metricName = string(entry, "name", context: "\(label), metric #\(j + 1)") ?? ""
                let context = metricName.isEmpty ? "\(label), metric #\(j + 1)" : "\(label), metric \"\(metricName)\""
                checkKeys(entry, allowed: ["name", "floor", "target", "weight"], context: context)
                let floor = number(entry, "floor", context: context, required: true)
                let target = number(entry, "target", context: context, required: true)
                let weight = number(entry, "weight", context: context, required: false) ?? 1
                if let floor, let target, !metricName.isEmpty {
                    metrics.append(RubricMetric(name: metricName, floor: floor, target: target, weight: weight))
                }
            }
            parsed.dimensions.append(RubricDimension(name: name, metrics: metrics))
        }
        return parsed
    }

    private mutating func checkKeys(_ table: TOMLTable, allowed: [String], context: String) {
        for key in table.keys.sorted() where !allowed.contains(key) {
            problems.append("\(context): unknown key \"\(key)\"; the keys here are "
                + allowed.map { "\"\($0)\"" }.joined(separator: ", "))
        }
    }

    /// A required, non-empty string.
    private mutating func string(_ table: TOMLTable, _ key: String, context: String) -> String? {
        guard let value = table[key] else {
            problems.append("\(context): \(key) is missing; add \(key) = \"...\"")
            return nil
        }
        guard let text = value.string else {
            problems.append("\(context): \(key) must be a string, found \(value.type); write \(key) = \"...\"")
            return nil
        }
        return text
    }

    private mutating func number(_ table: TOMLTable, _ key: String, context: String, required: Bool) -> Double? {
        guard let value = table[key] else {
            if required { problems.append("\(context): \(key) is missing; add \(key) = <number>") }
            return nil
        }
        if let double = value.double { return double }
        if let int = value.int { return Double(int) }
        problems.append("\(context): \(key) must be a number, found \(value.type); write \(key) = 0.5 (no quotes)")
        return nil
    }

    /// The tables of an array of tables (inline or `[[...]]`); a problem when it is something else.
    private mutating func tables(_ table: TOMLTable, _ key: String, context: String) -> [TOMLTable] {
        guard let value = table[key] else { return [] }
        guard let array = value.array else {
            problems.append("\(context): \(key) must be an array of tables, found \(value.type)")
            return []
        }
        var result: [TOMLTable] = []
        for (i, element) in array.enumerated() {
            if let entry = element.table {
                result.append(entry)
            } else {
                problems.append("\(context): entry \(i + 1) of \(key) must be a table { ... }, found \(element.type)")
            }
        }
        return result
    }
}
