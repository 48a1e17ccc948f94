using System.Text.Json;
using GeoMonitor.Api.Features.Common;
using GeoMonitor.Api.Features.Incidents;
using GeoMonitor.Api.Infrastructure.Database;
using GeoMonitor.Api.Infrastructure.Errors;
using Npgsql;

using GeoMonitor.Api.Infrastructure.OpenApi;

namespace GeoMonitor.Api.Features.Changes;

/// <summary>GET /api/changes: every change to incidents and layers after a stored position, in order, with tombstones.</summary>
public static class ChangesApi
{
    /// <summary>Problem type of a token that is not one this API made.</summary>
    public const string InvalidToken = ChangeTokenException.Invalid;

    /// <summary>Problem type of a token made by another database.</summary>
    public const string ExpiredToken = ChangeTokenException.Expired;

    /// <summary>
    /// Registers the feed (on the read connection: it only reads, and its positions mean the same on every replica) and
    /// the validators of the reads that follow it.
    /// </summary>
    public static IServiceCollection AddChanges(this IServiceCollection services) =>
        services.AddSingleton(sp => new ChangeFeed(sp.GetRequiredKeyedService<NpgsqlDataSource>(ReadReplica.Key))).AddSingleton<ReadValidators>();

    /// <summary>Maps the feed on the /api group.</summary>
    public static RouteGroupBuilder MapChanges(this RouteGroupBuilder api)
    {
        api.MapGet("/changes", GetChanges).WithName("GetChanges").WithQuery("since", "limit").WithTags("Changes")
            .WithSummary("Every change to incidents and layers since a stored position (created, updated, and tombstones)")
            .WithDescription("""
                Changes in order after since= (a token from a previous answer's next; without it, from the beginning), at most
                limit= (1–1000, default 100) examined per page. Each change: position (a token resuming right after it), kind
                (incident, line, zone, corridor, truce, claim), id (incident id, layer slug, or dispute/party of a claim), version,
                action, at; then either change (created, updated) with, for incidents, status, statusChanged and the incident as a
                GeoJSON Feature when this is its current version (superseded: true otherwise: a later change brings it), for layers
                and claims href (the version's read);
                or tombstone: true with reason (deleted, rejected, withdrawn, no_longer_public) and nothing else. Without a key only
                public incidents appear, and one that stops being public appears as a tombstone. Store next and come back with
                it while more is true (a page may hold fewer changes than limit, even none: changes the caller may not see are
                passed over). A malformed token, or one from another database, is a 400 that says how to restart.

                Example: GET /api/changes?limit=500
                """)
            .ProducesWire(200, ReadSchemas.Changes).ProducesProblem(400);
        return api;
    }

    /// <summary>GET /api/changes.</summary>
    public static async Task<IResult> GetChanges(HttpContext http, ChangeFeed feed, CancellationToken ct)
    {
        var q = new QueryReader(http.Request.Query, ["since", "limit"]);
        var limit = q.Int("limit", 1, ChangeFeed.MaxLimit) ?? 100;
        ChangeToken after;
        try { after = await feed.AfterAsync(q.String("since"), ct); }
        catch (ChangeTokenException e) { return Problem(e); }
        var page = await feed.ReadAsync(after, limit, Caller.Of(http.User), ct);
        http.Response.Headers.CacheControl = "no-store";
        return Results.Stream(async body =>
        {
            await using var w = new Utf8JsonWriter(body, IncidentStreamResult.JsonOptions);
            w.WriteStartObject();
            w.WriteStartArray("changes");
            foreach (var e in page.Entries) Write(w, e);
            w.WriteEndArray();
            w.WriteString("next", page.Next.Encode());
            w.WriteBoolean("more", page.More);
            w.WriteEndObject();
            await w.FlushAsync(ct);
        }, "application/json");
    }

    private static void Write(Utf8JsonWriter w, ChangeEntry e)
    {
        w.WriteStartObject();
        w.WriteString("position", e.Position.Encode());
        w.WriteString("kind", e.Kind);
        if (e.Kind == "incident") w.WriteNumber("id", long.Parse(e.Id, System.Globalization.CultureInfo.InvariantCulture));
        else w.WriteString("id", e.Id);
        w.WriteNumber("version", e.Version);
        w.WriteString("action", e.Action);
        w.WriteString("at", Iso8601.Format(e.At));
        if (e.Tombstone)
        {
            w.WriteBoolean("tombstone", true);
            w.WriteString("reason", e.Reason);
        }
        else
        {
            w.WriteString("change", e.Change);
            if (e.Kind == "incident")
            {
                w.WriteString("status", e.Status);
                w.WriteBoolean("statusChanged", e.StatusChanged ?? false);
                w.WriteBoolean("superseded", e.Superseded);
                w.WritePropertyName("incident");
                if (e.Feature is null) w.WriteNullValue(); else w.WriteRawValue(e.Feature, skipInputValidation: true);
            }
            else w.WriteString("href", e.Href);
        }
        w.WriteEndObject();
    }

    private static IResult Problem(ChangeTokenException e) =>
        Results.Problem(statusCode: 400, title: e.Title, type: e.Type, detail: e.Message,
            extensions: new Dictionary<string, object?> { ["parameter"] = "since", ["restart"] = ChangeTokenException.RestartAt });
}
