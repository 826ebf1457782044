import Foundation
import MaturityMetrics

/// The assessment as JSON: keys in a fixed order, two-space indentation, LF line ends and a final LF, numbers at
/// full precision without exponent (`Formatting.plainDecimal`), so the same assessment gives the same bytes.
///
/// ```
/// { "metrics_version": 2,
///   "period": {"label", "from", "to", "timezone"}, "comparison": {...} | null, "min_group_size": 5,
///   "org": group, "groups": [group], "comparison_org": group | null, "comparison_groups": [group],
///   "rubric": {"name", "version", "fingerprint", "levels": [{"level", "name", "from"}],
///              "dimensions": [{"name", "metrics": [{"name", "floor", "target", "weight"}]}]},
///   "inputs": [{"file", "sha256"}],
///   "coverage": {"data": [{"kind", "covered_days", "period_days", "first", "last"}], "people_on_calendar",
///                "people"} | null }
/// group = {"group_by", "group", "members", "suppressed", "metrics": {name: value | null}, "n": {name: n | null},
///          "score": {"overall", "level", "level_name", "dimensions": {name: score | null},
///                    "missing_data": [{"dimension", "needs": [what to import]}]} | null}
/// ```
/// `metrics` and `n` list `metricOrder`, in that order, with the spec's names. A suppressed group has every
/// metric and count `null` and a `null` score.
public enum JSONRenderer {
    public static func render(_ assessment: Assessment) -> String {
        let a = assessment
        let root: JSON = .object([
            ("metrics_version", .int(a.metricsVersion)),
            ("period", period(a.period)),
            ("comparison", a.comparison.map(period) ?? .null),
            ("min_group_size", .int(a.minGroupSize)),
            ("org", group(a.org, a)),
            ("groups", .array(a.groups.map { group($0, a) })),
            ("comparison_org", a.comparison == nil ? .null : a.comparisonOrg.map { group($0, a) } ?? .null),
            ("comparison_groups", .array(a.comparison == nil ? [] : a.comparisonGroups.map { group($0, a) })),
            ("rubric", rubric(a.rubric)),
            ("inputs", .array(a.inputs.map { .object([("file", .string($0.file)), ("sha256", .string($0.sha256))]) })),
            ("coverage", a.coverage.map { coverage in
                .object([("data", .array(coverage.kinds.map { kind in
                            .object([("kind", .string(kind.kind)), ("covered_days", .int(kind.coveredDays)),
                                     ("period_days", .int(kind.periodDays)), ("first", .string(kind.first)),
                                     ("last", .string(kind.last))])
                         })),
                         ("people_on_calendar", .int(coverage.peopleOnCalendar)),
                         ("people", .int(coverage.people))])
            } ?? .null),
        ])
        var out = ""
        root.write(to: &out, indent: "")
        return out + "\n"
    }

    private static func period(_ p: PeriodInfo) -> JSON {
        .object([("label", .string(p.label)), ("from", .string(p.from)), ("to", .string(p.to)),
                 ("timezone", .string(p.timezone))])
    }

    private static func group(_ g: GroupAssessment, _ a: Assessment) -> JSON {
        let values = a.metricOrder.map { name -> (String, JSON) in
            (name, g.suppressed ? .null : .number(g.metrics[name]?.value))
        }
        let counts = a.metricOrder.map { name -> (String, JSON) in
            (name, g.suppressed ? .null : .int(g.metrics[name]?.n ?? 0))
        }
        var score = JSON.null
        if !g.suppressed, let s = g.score {
            score = .object([
                ("overall", .number(s.overall)),
                ("level", s.level.map(JSON.int) ?? .null),
                ("level_name", s.levelName.map(JSON.string) ?? .null),
                ("dimensions", .object(a.rubric.dimensions.map { ($0.name, .number(s.dimension($0.name))) })),
                ("missing_data", .array(s.dimensions.filter { $0.score == nil }.map { dimension in
                    .object([("dimension", .string(dimension.name)),
                             ("needs", .array(dimension.needs.map(JSON.string)))])
                })),
            ])
        }
        return .object([
            ("group_by", .string(g.groupBy)), ("group", .string(g.group)), ("members", .int(g.members)),
            ("suppressed", .bool(g.suppressed)), ("metrics", .object(values)), ("n", .object(counts)),
            ("score", score),
        ])
    }

    private static func rubric(_ r: Rubric) -> JSON {
        .object([
            ("name", .string(r.name)), ("version", .string(r.version)), ("fingerprint", .string(r.fingerprint)),
            ("levels", .array(r.levels.enumerated().map { i, band in
                .object([("level", .int(i + 1)), ("name", .string(band.name)), ("from", .number(band.from))])
            })),
            ("dimensions", .array(r.dimensions.map { dimension in
                .object([("name", .string(dimension.name)), ("metrics", .array(dimension.metrics.map { metric in
                    .object([("name", .string(metric.name)), ("floor", .number(metric.floor)),
                             ("target", .number(metric.target)), ("weight", .number(metric.weight))])
                }))])
            })),
        ])
    }

    /// Escapes a string for JSON: `"`, `\` and control characters (as `\n`, `\t`, ... or `\u00XX`), and U+2028
    /// and U+2029 (for JavaScript); everything else as UTF-8.
    public static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case _ where scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

/// A JSON value with ordered object keys.
private indirect enum JSON {
    case null
    case bool(Bool)
    case int(Int)
    /// A number; nil, NaN and infinities are written as `null`.
    case number(Double?)
    case string(String)
    case array([JSON])
    case object([(String, JSON)])

    func write(to out: inout String, indent: String) {
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .int(let value): out += String(value)
        case .number(let value): out += value.flatMap(Formatting.plainDecimal) ?? "null"
        case .string(let value): out += JSONRenderer.quoted(value)
        case .array(let items):
            guard !items.isEmpty else { out += "[]"; return }
            let inner = indent + "  "
            out += "[\n"
            for (i, item) in items.enumerated() {
                out += inner
                item.write(to: &out, indent: inner)
                out += i + 1 < items.count ? ",\n" : "\n"
            }
            out += indent + "]"
        case .object(let members):
            guard !members.isEmpty else { out += "{}"; return }
            let inner = indent + "  "
            out += "{\n"
            for (i, member) in members.enumerated() {
                out += inner + JSONRenderer.quoted(member.0) + ": "
                member.1.write(to: &out, indent: inner)
                out += i + 1 < members.count ? ",\n" : "\n"
            }
            out += indent + "}"
        }
    }
}
