using System.Globalization;
using System.Text.Json;
using GeoMonitor.Api.Features.Review;
using GeoMonitor.Api.Features.Uploads;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.GraphQL.Execution;

namespace GeoMonitor.Api.GraphQL.Resolvers;

/// <summary>
/// reviewIncident and correctIncident: the rules of POST /api/incidents/{id}/review and PATCH /api/incidents/{id}
/// (Features/Review/ReviewApi.cs) over the same store — the version check is GraphQL's If-Match (CONFLICT for REST's 412).
/// </summary>
public static class ReviewMutations
{
    private static readonly string[] ReviewStatuses = ["under_review", "verified", "disputed", "rejected"];

    /// <summary>Mutation.reviewIncident.</summary>
    public static async Task<Data.IncidentNode?> ReviewAsync(ResolveContext ctx)
    {
        var request = GqlRequest.Of(ctx);
        request.Require(Role.Reviewer, "reviewIncident");
        var id = Id(ctx);
        var status = ctx.Value<string>("status")!;
        if (!ReviewStatuses.Contains(status))
            throw Invalid([new FieldError(null, "status", $"must be one of {string.Join(", ", ReviewStatuses.Select(s => s.ToUpperInvariant()))}")]);
        var note = ctx.Value<string>("note");
        if (note is not null)
        {
            if (note.Length > 2000) throw Invalid([new FieldError(null, "note", "is longer than 2000 characters")]);
            if (IncidentParser.Unstorable(note) is { } why) throw Invalid([new FieldError(null, "note", why)]);
            if (note.Length == 0) note = null;
        }
        var version = ctx.Struct<int>("version");
        var (conn, tx, current) = await request.Service<ReviewStore>().LockAsync(id, ctx.CancellationToken);
        await using (conn)
        await using (tx)
        {
            if (current is null) throw NotFound(id);
            var me = request.KeyName;
            if (current.CreatedBy is not null && current.CreatedBy == me)
                throw GqlErrors.Error(GqlErrors.Forbidden, $"Incident {id} was uploaded with your key ({me}); another reviewer must review it.");
            if (version is { } v && v != current.Version) throw Stale(current);
            await ReviewStore.ReviewAsync(conn, tx, current, status, note, me, ctx.CancellationToken);
            await tx.CommitAsync(ctx.CancellationToken);
        }
        return await ReportMutations.NodeAsync(ctx, id);
    }

    /// <summary>Mutation.correctIncident.</summary>
    public static async Task<Data.IncidentNode?> CorrectAsync(ResolveContext ctx)
    {
        var request = GqlRequest.Of(ctx);
        request.Require(Role.Reporter, "correctIncident");
        var id = Id(ctx);
        var version = ctx.Struct<int>("version") ?? 0;
        var patch = ctx.Arguments["patch"] is JsonElement e ? e : JsonSerializer.SerializeToElement(ctx.Arguments["patch"]);
        var (conn, tx, current) = await request.Service<ReviewStore>().LockAsync(id, ctx.CancellationToken);
        await using (conn)
        await using (tx)
        {
            if (current is null) throw NotFound(id);
            var role = request.Role;
            var me = request.KeyName;
            if (role < Role.Reviewer && current.CreatedBy != me)
                throw GqlErrors.Error(GqlErrors.Forbidden, $"Incident {id} was not uploaded with your key; reporters may correct only their own reports.");
            if (version != current.Version) throw Stale(current);
            var errors = new List<FieldError>();
            var parser = new IncidentParser(request.Service<UploadOptions>(), await request.Service<AcledCodes>().LoadAsync(ctx.CancellationToken),
                request.Service<TimeProvider>());
            var before = current.ToNewIncident();
            var after = IncidentPatch.Apply(current, patch, parser, errors);
            if (after is null) throw Invalid(errors, $"The correction has {errors.Count} invalid field(s); nothing was changed.");
            var changes = IncidentPatch.Changes(before, after);
            if (changes.Count > 0)
            {
                if (!changes.ContainsKey(IncidentFields.Location)) after = after with { RawCoordinate = before.RawCoordinate, RawCrs = before.RawCrs };
                // A reviewed report corrected by its reporter goes back to review: the verdict covered the old content.
                var status = role < Role.Reviewer && current.Status is not ("reported" or "under_review") ? "under_review" : current.Status;
                if (status != current.Status) changes["status"] = new System.Text.Json.Nodes.JsonObject { ["from"] = current.Status, ["to"] = status };
                await ReviewStore.CorrectAsync(conn, tx, current, after, status, changes, me, ctx.CancellationToken);
                await tx.CommitAsync(ctx.CancellationToken);
            }
        }
        return await ReportMutations.NodeAsync(ctx, id);
    }

    private static long Id(ResolveContext ctx) =>
        long.TryParse(ctx.Arguments["id"]?.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
            ? id
            : throw GqlErrors.BadInput("id", $"'id' must be a positive integer, got '{ctx.Arguments["id"]}'.");

    private static Exception NotFound(long id) => GqlErrors.Error(GqlErrors.NotFound, $"No incident with id {id}.", "id");

    private static Exception Stale(IncidentRecord current) => GqlErrors.Error(GqlErrors.Conflict,
        $"Incident {current.Id} is at version {current.Version} (changed by {current.UpdatedBy ?? "someone"} at "
        + $"{current.UpdatedAt:yyyy-MM-dd'T'HH:mm:ss'Z'}); fetch it again and re-apply your change with that version.",
        "version", new Dictionary<string, object?> { ["currentVersion"] = current.Version });

    private static Exception Invalid(IReadOnlyList<FieldError> errors, string message = "The review is not valid.") =>
        GqlErrors.Error(GqlErrors.BadUserInput, message, null, new Dictionary<string, object?>
        {
            ["errors"] = errors.Select(e => new Dictionary<string, object?> { ["field"] = e.Field, ["message"] = e.Message }).ToList(),
        });
}
