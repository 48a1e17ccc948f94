using GeoMonitor.Api.Features.Common;
using GeoMonitor.Api.Infrastructure.Errors;

namespace GeoMonitor.Api.Features.Uploads;

/// <summary>The problem+json answers of the write endpoints, each with a stable type under <see cref="ProblemSetup.TypeBase"/>.</summary>
public static class UploadProblems
{
    /// <summary>Rows or fields that fail validation: 422 with every error ({row, field, message}).</summary>
    public static IResult Invalid(IReadOnlyList<FieldError> errors, string detail, string type = "invalid-incident") =>
        Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Unprocessable report", type: ProblemSetup.TypeBase + type,
            detail: detail, extensions: new Dictionary<string, object?> { ["errors"] = errors.Select(RestOutcomes.Shape).ToList() });

    /// <summary>A body that cannot be read at all (malformed JSON, empty, wrong delimiter): 400.</summary>
    public static IResult BadBody(string detail, string type = "malformed-body", string? parameter = null) =>
        Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request", type: ProblemSetup.TypeBase + type, detail: detail,
            extensions: parameter is null ? null : new Dictionary<string, object?> { ["parameter"] = parameter });

    /// <summary>415 naming the accepted media types.</summary>
    public static IResult UnsupportedMediaType(string? sent, IEnumerable<string> accepted) =>
        Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type", type: ProblemSetup.TypeBase + "unsupported-media-type",
            detail: $"Content-Type {(string.IsNullOrEmpty(sent) ? "(none)" : sent)} is not accepted here; send one of: {string.Join(", ", accepted)}.",
            extensions: new Dictionary<string, object?> { ["parameter"] = "Content-Type", ["accepted"] = accepted.ToArray() });

    /// <summary>413 naming the limit.</summary>
    public static IResult TooLarge(long limit) =>
        Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload too large", type: ProblemSetup.TypeBase + "payload-too-large",
            detail: $"The body is larger than the limit of {limit:N0} bytes for this endpoint; split the upload.",
            extensions: new Dictionary<string, object?> { ["limitBytes"] = limit });

    /// <summary>409: another report already holds (source, externalId); corrections go through PATCH.</summary>
    public static IResult Conflict(IncidentRecord existing, IReadOnlyList<string> differences) =>
        Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflicting report", type: ProblemSetup.TypeBase + "idempotency-conflict",
            detail: $"Incident {existing.Id} is already stored under source '{existing.Source}' and externalId '{existing.ExternalId}' with different "
                + $"{string.Join(", ", differences)}. To correct it, PATCH /api/incidents/{existing.Id} with If-Match: {existing.ETag}.",
            extensions: new Dictionary<string, object?>
            {
                ["incidentId"] = existing.Id,
                ["version"] = existing.Version,
                ["patch"] = $"/api/incidents/{existing.Id}",
                ["differences"] = differences,
            });

    /// <summary>404 for an incident or layer that does not exist.</summary>
    public static IResult NotFound(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", type: ProblemSetup.TypeBase + "not-found", detail: detail);

    /// <summary>403 with a reason (e.g. reviewing one's own report).</summary>
    public static IResult Forbidden(string detail, string type = "forbidden") =>
        Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", type: ProblemSetup.TypeBase + type, detail: detail);
}
