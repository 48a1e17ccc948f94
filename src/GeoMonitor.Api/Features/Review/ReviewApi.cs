using GeoMonitor.Api.Infrastructure.OpenApi;
using GeoMonitor.Api.Features.Common;
using System.Text.Json;
using GeoMonitor.Api.Features.Uploads;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Api.Infrastructure.Errors;
using GeoMonitor.Api.Features.Verification;

namespace GeoMonitor.Api.Features.Review;

/// <summary>
/// POST /api/incidents/{id}/review (the independent review of the verification lifecycle, <see cref="VerificationWorkflow"/>),
/// PATCH /api/incidents/{id} with If-Match (reporters on their own reports, reviewers and admins on any), GET
/// /api/incidents/{id}/history.
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
            .RequireRole(VerificationWorkflow.ReviewRole)
            .WithName("ReviewIncident").WithRequestHeaders("If-Match")
            .WithTags("Verification")
            .WithSummary("Independent review: start it, then publish the verdict")
            .WithDescription("""
                Body {"status": "under_independent_review"} begins the independent review of an incident in cooling_off, once
                its cooling_off_ends_at has passed (409 cooling-off before). Then {"status": "published_verified" |
                "published_disputed" | "rejected", "note": "…"} publishes the verdict (the note is required). The reviewer's
                organisation must differ from the reporter's and from the verifying team's (403 conflict-of-interest naming
                which). A step the lifecycle does not allow from the present state is a 409 invalid-transition with
                currentState and allowedNext. Two reviewers at once: one wins, the other gets 409. If-Match with the version
                is optional; when sent, a stale version is a 412. Needs a reviewer key. See docs/verification.md.
                """)
            .Produces<IncidentRecord>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        app.MapPatch("/api/incidents/{id:long}", CorrectIncident)
            .RequireRole(ReviewWorkflow.CorrectorRole)
            .WithName("CorrectIncident").WithRequestHeaders("If-Match")
            .WithTags("Review")
            .WithSummary("Correct a report (JSON merge patch)")
            .WithDescription("""
                RFC 7396 merge patch of the incident's fields (application/merge-patch+json or application/json), with
                If-Match: the ETag of the version being corrected ("3"); 428 without it, 412 when the incident has changed since.
                null clears an optional field; any location field replaces the location (re-running the enrichment); source,
                externalId and status cannot be patched. Every change appends a revision {field: {from, to}}. Reporters may
                correct their own reports (a correction of a report that was verified sends it back to its observer team:
                assigned, or reported when it never had one); reviewers and admins may correct any, keeping its state.
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
            .WithDescription("Every change, oldest first: version, action (create, assign, verify, cool_off, start_review, publish, note, counter_report, correct, migrate), who (key name; null for GeoMonitor's automatic steps), when, what ({field: {from, to}}) and the note. Needs a reader key (key names identify field teams); an incident held for verification only for keys of organisations in its process (403 otherwise).")
            .Produces<HistoryResponse>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary>The body of GET /api/incidents/{id}/history.</summary>
    public sealed record HistoryResponse(long IncidentId, IReadOnlyList<Revision> Revisions);

    private static async Task<IResult> ReviewIncident(long id, HttpContext ctx, UploadOptions options, VerificationWorkflow workflow, CancellationToken ct)
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

    /// <summary>The incident as it now stands, with its version as the ETag (also when nothing changed: no new version).</summary>
    internal static IResult Answer(HttpContext ctx, Outcome<IncidentRecord> outcome) =>
        outcome is Outcome<IncidentRecord>.Refused r ? r.Why.Problem(ctx) : UploadsApi.WithETag(ctx, outcome.ValueOrDefault!, Results.Ok(outcome.ValueOrDefault));

    private static async Task<IResult> GetHistory(long id, HttpContext ctx, IncidentHistoryStore store, Incidents.IncidentStore incidents, CancellationToken ct)
    {
        var viewer = Caller.Of(ctx.User);
        if (await store.HistoryAsync(id, Incidents.IncidentVisibility.One(id, viewer), ct) is { } revisions) return Results.Ok(new HistoryResponse(id, revisions));
        // Held from this key (403), as the incident itself is; or absent (404).
        return await Incidents.IncidentVisibility.MissingAsync(incidents, id, viewer, "id", ct) is Common.ReadForbiddenException e
            ? Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", type: Common.ReadProblems.NotInProcess, detail: e.Message,
                extensions: new Dictionary<string, object?> { ["parameter"] = "id" })
            : UploadProblems.NotFound($"No incident with id {id}.");
    }

    /// <summary>The versions an If-Match named, or the problem with it.</summary>
    internal sealed record Precondition(int[]? Versions, IResult? Problem);

    // If-Match carries the ETag of GET /api/incidents/{id}: "<version>". Only strong tags match (RFC 9110 §13.1.1).
    internal static Precondition IfMatch(HttpRequest request, bool required)
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
