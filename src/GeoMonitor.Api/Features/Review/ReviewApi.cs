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
    private static readonly string[] ReviewStatuses = ["under_review", "verified", "disputed", "rejected"];
    private static readonly string[] PatchTypes = ["application/merge-patch+json"];

    /// <summary>Registers the review services.</summary>
    public static IServiceCollection AddReview(this IServiceCollection services) => services.AddSingleton<ReviewStore>();

    /// <summary>Maps the review endpoints.</summary>
    public static IEndpointRouteBuilder MapReview(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/incidents/{id:long}/review", ReviewIncident)
            .RequireRole(Role.Reviewer)
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
            .RequireRole(Role.Reporter)
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

    private static async Task<IResult> ReviewIncident(long id, HttpContext ctx, UploadOptions options, ReviewStore store, CancellationToken ct)
    {
        var match = IfMatch(ctx.Request, required: false);
        if (match.Problem is not null) return match.Problem;
        var read = await UploadsApi.ReadJsonAsync(ctx, options.MaxSingleBytes, ct);
        if (read.Problem is not null) return read.Problem;
        using var doc = read.Document!;
        var errors = new List<FieldError>();
        var (status, note) = ReadReview(doc.RootElement, errors);
        if (errors.Count > 0) return UploadProblems.Invalid(errors, "The review is not valid.", "invalid-review");

        var (conn, tx, current) = await store.LockAsync(id, ct);
        await using (conn)
        await using (tx)
        {
            if (current is null) return UploadProblems.NotFound($"No incident with id {id}.");
            var me = ctx.User.GetKeyName();
            if (current.CreatedBy is not null && current.CreatedBy == me)
                return UploadProblems.Forbidden($"Incident {id} was uploaded with your key ({me}); another reviewer must review it.", "own-report");
            if (match.Versions is not null && !match.Versions.Contains(current.Version)) return Stale(ctx, current);
            var reviewed = await ReviewStore.ReviewAsync(conn, tx, current, status!, note, me, ct);
            await tx.CommitAsync(ct);
            return UploadsApi.WithETag(ctx, reviewed, Results.Ok(reviewed));
        }
    }

    private static async Task<IResult> CorrectIncident(long id, HttpContext ctx, UploadOptions options, AcledCodes codes, TimeProvider clock,
        ReviewStore store, CancellationToken ct)
    {
        var match = IfMatch(ctx.Request, required: true);
        if (match.Problem is not null) return match.Problem;
        var read = await UploadsApi.ReadJsonAsync(ctx, options.MaxSingleBytes, ct, PatchTypes);
        if (read.Problem is not null) return read.Problem;
        using var doc = read.Document!;

        var (conn, tx, current) = await store.LockAsync(id, ct);
        await using (conn)
        await using (tx)
        {
            if (current is null) return UploadProblems.NotFound($"No incident with id {id}.");
            var role = ctx.User.GetRole();
            var me = ctx.User.GetKeyName();
            if (role < Role.Reviewer && current.CreatedBy != me)
                return UploadProblems.Forbidden($"Incident {id} was not uploaded with your key; reporters may correct only their own reports.", "not-own-report");
            if (!match.Versions!.Contains(current.Version)) return Stale(ctx, current);

            var errors = new List<FieldError>();
            var parser = new IncidentParser(options, await codes.LoadAsync(ct), clock);
            var before = current.ToNewIncident();
            var after = IncidentPatch.Apply(current, doc.RootElement, parser, errors);
            if (after is null) return UploadProblems.Invalid(errors, $"The correction has {errors.Count} invalid field(s); nothing was changed.");
            var changes = IncidentPatch.Changes(before, after);
            if (changes.Count == 0) return UploadsApi.WithETag(ctx, current, Results.Ok(current)); // nothing to change: no new version
            if (!changes.ContainsKey(IncidentFields.Location)) after = after with { RawCoordinate = before.RawCoordinate, RawCrs = before.RawCrs };

            // A reviewed report corrected by its reporter goes back to review: the verdict covered the old content.
            var status = role < Role.Reviewer && current.Status is not ("reported" or "under_review") ? "under_review" : current.Status;
            if (status != current.Status) changes["status"] = new System.Text.Json.Nodes.JsonObject { ["from"] = current.Status, ["to"] = status };
            var corrected = await ReviewStore.CorrectAsync(conn, tx, current, after, status, changes, me, ct);
            await tx.CommitAsync(ct);
            return UploadsApi.WithETag(ctx, corrected, Results.Ok(corrected));
        }
    }

    private static async Task<IResult> GetHistory(long id, ReviewStore store, CancellationToken ct) =>
        await store.HistoryAsync(id, ct) is { } revisions
            ? Results.Ok(new HistoryResponse(id, revisions))
            : UploadProblems.NotFound($"No incident with id {id}.");

    private static (string? Status, string? Note) ReadReview(JsonElement e, List<FieldError> errors)
    {
        if (e.ValueKind != JsonValueKind.Object) { errors.Add(new FieldError(null, "(body)", "a review is a JSON object {status, note}")); return (null, null); }
        string? status = null, note = null;
        foreach (var p in e.EnumerateObject())
        {
            switch (p.Name)
            {
                case "status" when p.Value.ValueKind == JsonValueKind.String && ReviewStatuses.Contains(p.Value.GetString()):
                    status = p.Value.GetString();
                    break;
                case "status":
                    errors.Add(new FieldError(null, "status", $"must be one of {string.Join(", ", ReviewStatuses)}"));
                    break;
                case "note" when p.Value.ValueKind == JsonValueKind.Null:
                    break;
                case "note":
                    var raw = RawValue.Json(p.Value);
                    if (!raw.TryString(out var s, out var error)) errors.Add(new FieldError(null, "note", error!));
                    else if (s.Length > 2000) errors.Add(new FieldError(null, "note", "is longer than 2000 characters"));
                    else if (IncidentParser.Unstorable(s) is { } why) errors.Add(new FieldError(null, "note", why));
                    else note = s.Length == 0 ? null : s;
                    break;
                default:
                    errors.Add(new FieldError(null, p.Name, "unknown field; a review has status and note"));
                    break;
            }
        }
        if (status is null && !errors.Any(x => x.Field == "status")) errors.Add(new FieldError(null, "status", "is required"));
        return (status, note);
    }

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

    private static IResult Stale(HttpContext ctx, IncidentRecord current)
    {
        ctx.Response.Headers.ETag = current.ETag;
        return Results.Problem(statusCode: StatusCodes.Status412PreconditionFailed, title: "Precondition failed",
            type: ProblemSetup.TypeBase + "stale-version",
            detail: $"Incident {current.Id} is at version {current.Version} (changed by {current.UpdatedBy ?? "someone"} at {current.UpdatedAt:yyyy-MM-dd'T'HH:mm:ss'Z'}); "
                + "fetch it again, re-apply your correction and send the new ETag.",
            extensions: new Dictionary<string, object?> { ["currentVersion"] = current.Version, ["parameter"] = "If-Match" });
    }
}
