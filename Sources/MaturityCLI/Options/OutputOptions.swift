import MaturityMetrics
import MaturityReport

/// The one place that maps `--format` to a renderer: commands print `format.render(...)` and never switch on
/// the format themselves.
extension OutputFormat {
    /// A table (`metric`, `sql`, `status`) as aligned text, CSV or JSON (`TableRenderer`).
    func render(_ table: DataTable) -> String {
        switch self {
        case .text: TableRenderer.text(table)
        case .csv: TableRenderer.csv(table)
        case .json: TableRenderer.json(table)
        }
    }
}

extension ReportFormat {
    /// An assessment as the terminal report, CSV, JSON or the HTML page (`TextRenderer`, `CSVRenderer`,
    /// `JSONRenderer`, `HTMLRenderer`).
    func render(_ assessment: Assessment) -> String {
        switch self {
        case .text: TextRenderer.render(assessment)
        case .csv: CSVRenderer.render(assessment)
        case .json: JSONRenderer.render(assessment)
        case .html: HTMLRenderer.render(assessment)
        }
    }

    /// The file name extension of a report in this format: `txt`, `csv`, `json`, `html`.
    var fileExtension: String {
        switch self {
        case .text: "txt"
        case .csv: "csv"
        case .json: "json"
        case .html: "html"
        }
    }
}
