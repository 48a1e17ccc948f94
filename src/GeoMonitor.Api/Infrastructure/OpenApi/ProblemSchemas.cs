namespace GeoMonitor.Api.Infrastructure.OpenApi;

/// <summary>
/// The one error body of the API: RFC 9457 problem details as <see cref="Errors.ProblemSetup"/> and the adapters write
/// them (Features/Common/RestOutcomes.cs, ReadProblems.cs, Features/Uploads/UploadProblems.cs), with the members they
/// add: the parameter at fault, the per-field (per-row for batches) error list, and the facts of a conflict.
/// </summary>
public static class ProblemSchemas
{
    /// <summary>The media type of every error.</summary>
    public const string MediaType = "application/problem+json";

    /// <summary>
    /// One thing wrong with a report: the row (batches, from 1) and CSV line when known, the field and why. Problems omit
    /// row and line when unknown; a batch result (Features/Uploads/BatchResult.cs) writes them as null.
    /// </summary>
    public static readonly WireSchema FieldError = new("FieldError", """
        {
          "type": "object",
          "description": "One thing wrong with a report: the data row (batches, from 1; absent or null for one report), the CSV line, the field and why.",
          "required": ["field", "message"],
          "properties": {
            "row": {"type": ["integer", "null"], "format": "int32", "description": "The data row, from 1 (header and HXL rows not counted)."},
            "line": {"type": ["integer", "null"], "format": "int64", "description": "For CSV, the line of the file the row starts on."},
            "field": {"type": "string", "description": "The field's canonical name (e.g. occurredAt, location), or the body member at fault."},
            "message": {"type": "string", "description": "What is wrong, for a person to fix."}
          },
          "additionalProperties": false
        }
        """);

    /// <summary>The problem details schema.</summary>
    public static readonly WireSchema Problem = new("Problem", """
        {
          "type": "object",
          "description": "RFC 9457 problem details. type is a stable URI under https://geomonitor.example/problems/ (e.g. invalid-parameter, not-found, unauthorized, forbidden, rate-limited, database-unavailable); detail says what to change.",
          "required": ["type", "title", "status"],
          "properties": {
            "type": {"type": "string", "format": "uri"},
            "title": {"type": "string"},
            "status": {"type": "integer", "format": "int32"},
            "detail": {"type": ["string", "null"]},
            "instance": {"type": ["string", "null"]},
            "traceId": {"type": "string", "description": "The request's trace identifier, to quote when reporting a problem."},
            "parameter": {"type": "string", "description": "The query parameter, route value, header or body member at fault."},
            "header": {"type": "string", "description": "The request header at fault."},
            "errors": {"type": "array", "items": {"$ref": "#/components/schemas/FieldError"}, "description": "422: every invalid field, or every invalid row of a batch."},
            "currentVersion": {"type": "integer", "description": "412: the version now current (also the ETag)."},
            "limitBytes": {"type": "integer", "format": "int64", "description": "413: the body limit of this endpoint."},
            "accepted": {"type": "array", "items": {"type": "string"}, "description": "415: the media types accepted."},
            "incidentId": {"type": "integer", "format": "int64", "description": "409: the incident holding (source, externalId)."},
            "version": {"type": "integer", "description": "409: that incident's version."},
            "patch": {"type": "string", "description": "409: where to correct it."},
            "differences": {"type": "array", "items": {"type": "string"}, "description": "409: the fields that differ."}
          },
          "additionalProperties": true
        }
        """, FieldError);
}
