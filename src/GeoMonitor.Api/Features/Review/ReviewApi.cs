using GeoMonitor.Api.Features.Common;
using System.Text.Json;
using GeoMonitor.Api.Features.Uploads;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Api.Infrastructure.Errors;

namespace GeoMonitor.Api.Features.Review;

/// <summary>
/// The review workflow: POST /api/incidents/{id}/review (reviewers, not on their own reports), PATCH /api/incidents/{id}
/// with If-Match (reporters on their own reports, reviewers and admins on any), GET /api/incidents/{id}/history.
/// </summary>
public static class ReviewApi
{
    private static readonly string[] PatchTypes = ["application/merge-patch+json"];

    /// <summary>Registers the review services.</summary>
    public static IServiceCollection AddReview(this IServiceCollection services) =>
        services.AddSingleton<ReviewStore>().AddSingleton<ReviewWorkflow>().AddSingleton<IncidentHistoryStore>();

    /// <summary>Maps the review endpoints.</summary>
    public static IEndpointRouteBuilder MapReview(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/incidents/{id:long}/review", ReviewIncident)
            .RequireRole(ReviewWorkflow.ReviewerRole)
            .WithName("ReviewIncident")
            .WithTags("Review")
            .WithSummary("Review a report")
            .WithDescription("""
                Body {"status": "under_review" | "verified" | "disputed" | "rejected", "note": "…"}. Sets the status, increments
                the version and appends a revision. A reviewer may not review a report uploaded with their own key (403).
                An If-Match with the version is optional here; when sent, a stale version is a 412. Needs a reviewer key.
                """)
            .Produces<IncidentRecord>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        app.MapPatch("/api/incidents/{id:long}", CorrectIncident)
            .RequireRole(ReviewWorkflow.CorrectorRole)
            .WithName("CorrectIncident")
            .WithTags("Review")
            .WithSummary("Correct a report (JSON merge patch)")
            .WithDescription("""
                RFC 7396 merge patch of the incident's fields (application/merge-patch+json or application/json), with
                If-Match: the ETag of the version being corrected ("3"); 428 without it, 412 when the incident has changed since.
                null clears an optional field; any location field replaces the location (re-running the enrichment); source,
                externalId and status cannot be patched. Every change appends a revision {field: {from, to}}. Reporters may
                correct their own reports (and a correction of a reviewed report sends it back to under_review); reviewers and
                admins may correct any.
                """)
            .Produces<IncidentRecord>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);

        app.MapGet("/api/incidents/{id:long}/history", GetHistory)
            .RequireRole(Role.Reader)
            .WithName("GetIncidentHistory")
            .WithTags("Review")
            .WithSummary("The revisions of a report")
            .WithDescription("Every change, oldest first: version, action (create, review, correct), who (key name), when, what ({field: {from, to}}) and the note. Needs a reader key (key names identify field teams).")
            .Produces<HistoryResponse>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary>The body of GET /api/incidents/{id}/history.</summary>
    public sealed record HistoryResponse(long IncidentId, IReadOnlyList<Revision> Revisions);

    private static async Task<IResult> ReviewIncident(long id, HttpContext ctx, UploadOptions options, ReviewWorkflow workflow, CancellationToken ct)
    {
        var match = IfMatch(ctx.Request, required: false);
        if (match.Problem is not null) return match.Problem;
        var read = await UploadsApi.ReadJsonAsync(ctx, options.MaxSingleBytes, ct);
        if (read.Problem is not null) return read.Problem;
        using var doc = read.Document!;
        return Answer(ctx, await workflow.ReviewAsync(Caller.Of(ctx.User), id, doc.RootElement, match.Versions, ct));
    }

    private static async Task<IResult> CorrectIncident(long id, HttpContext ctx, UploadOptions options, ReviewWorkflow workflow, CancellationToken ct)
    {
        var match = IfMatch(ctx.Request, required: true);
        if (match.Problem is not null) return match.Problem;
        var read = await UploadsApi.ReadJsonAsync(ctx, options.MaxSingleBytes, ct, PatchTypes);
        if (read.Problem is not null) return read.Problem;
        using var doc = read.Document!;
        return Answer(ctx, await workflow.CorrectAsync(Caller.Of(ctx.User), id, doc.RootElement, match.Versions!, ct));
    }

    // The incident as it now stands, with its version as the ETag (also when nothing changed: no new version).
    private static IResult Answer(HttpContext ctx, Outcome<IncidentRecord> outcome) =>
        outcome is Outcome<IncidentRecord>.Refused r ? r.Why.Problem(ctx) : UploadsApi.WithETag(ctx, outcome.ValueOrDefault!, Results.Ok(outcome.ValueOrDefault));

    private static async Task<IResult> GetHistory(long id, IncidentHistoryStore store, CancellationToken ct) =>
        await store.HistoryAsync(id, ct) is { } revisions
            ? Results.Ok(new HistoryResponse(id, revisions))
            : UploadProblems.NotFound($"No incident with id {id}.");

    private sealed record Precondition(int[]? Versions, IResult? Problem);

    // If-Match carries the ETag of GET /api/incidents/{id}: "<version>". Only strong tags match (RFC 9110 §13.1.1).
    private static Precondition IfMatch(HttpRequest request, bool required)
    {
        var header = request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(header) || header.Trim() == "*")
        {
            return required
                ? new(null, Results.Problem(statusCode: StatusCodes.Status428PreconditionRequired, title: "Precondition required",
                    type: ProblemSetup.TypeBase + "precondition-required",
                    detail: "Send If-Match with the ETag of the version you are correcting (from GET /api/incidents/{id}), e.g. If-Match: \"3\".",
                    extensions: new Dictionary<string, object?> { ["parameter"] = "If-Match" }))
                : new(null, null);
        }
        var versions = new List<int>();
        foreach (var tag in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (tag.StartsWith("W/", StringComparison.Ordinal)) continue;
            if (tag.Length < 3 || tag[0] != '"' || tag[^1] != '"' || !int.TryParse(tag[1..^1], System.Globalization.NumberStyles.None,
                    System.Globalization.CultureInfo.InvariantCulture, out var v))
                return new(null, UploadProblems.BadBody($"If-Match must hold ETags such as \"3\", not {tag}.", "invalid-precondition", "If-Match"));
            versions.Add(v);
        }
        return new([.. versions], null);
    }
}
