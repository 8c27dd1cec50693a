/// What `export` writes: the one list behind the parser, completion, help and PlanRender's documents.
public enum ExportFormat: String, CaseIterable, Sendable { case csv, json, markdown, html, xlsx }
