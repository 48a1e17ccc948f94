using System.Globalization;
using System.Text.Json;
using GeoMonitor.Api.Features.Common;
using GeoMonitor.Api.Features.Incidents;
using GeoMonitor.Api.Features.Incidents.Query;
using GeoMonitor.Api.Features.Uploads;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Api.Infrastructure.Database;
using NetTopologySuite.Geometries;

using GeoMonitor.Api.Infrastructure.OpenApi;

namespace GeoMonitor.Api.Features.Notifications;

/// <summary>
/// /api/notifications: the REST adapters of <see cref="NotificationWrites"/> (file, dry-run check, acknowledge, withdraw)
/// and the reads (list, one, its conflicts now). Reading notifications needs a reader key: they are a party's plans.
/// </summary>
public static class NotificationsApi
{
    private static readonly string[] ListParameters = ["organisation", "kind", "status", "activeAt", "from", "to", "bbox", "incident", "limit", "after"];

    /// <summary>The statuses of a notification.</summary>
    public static readonly string[] Statuses = ["filed", "acknowledged", "withdrawn"];

    /// <summary>Registers the settings, stores, use cases and the listener of live changes.</summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        services.AddSingleton<NotificationStore>();
        services.AddKeyedSingleton(ReadReplica.Key, (sp, _) => new NotificationStore(sp.GetRequiredKeyedService<Npgsql.NpgsqlDataSource>(ReadReplica.Key)));
        services.AddSingleton<Deconfliction>();
        services.AddSingleton<NotificationWrites>();
        services.AddSingleton<NotificationEvents>();
        services.AddHostedService(sp => sp.GetRequiredService<NotificationEvents>());
        return services;
    }

    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapNotifications(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/notifications", File).RequireRole(NotificationWrites.Needs)
            .WithName("FileNotification").WithTags("Notifications")
            .WithSummary("File a pre-notification (with the deconfliction check)")
            .WithDescription("""
                A JSON object (or a GeoJSON Feature whose geometry is the route or the area): kind (troop_movement, strike,
                convoy, humanitarian_movement, exercise, other); a route (GeoJSON LineString/MultiLineString, with widthM in
                metres) or an area (GeoJSON Polygon/MultiPolygon) — either may also be a list of coordinates in any notation an
                upload accepts (decimal degrees, DMS, UTM, MGRS, Israeli grid, or x/y with crs; a bad one is named as route[3]);
                start and end (ISO 8601, end after start); notes; organisation (default: the key's; another needs an admin
                key). 201 with the notification as a GeoJSON Feature whose properties.conflicts lists every conflict found
                (recorded with it, not blocking: docs/truce-mechanisms.md). 422 names every bad field. Needs a reporter key.
                """)
            .ProducesWire(StatusCodes.Status201Created, ReadSchemas.Notification, "application/geo+json")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        app.MapPost("/api/notifications/check", Check).RequireRole(NotificationWrites.Needs)
            .WithName("CheckNotification").WithTags("Notifications")
            .WithSummary("Dry run: the deconfliction check of a notification, nothing stored")
            .WithDescription("""
                The same body as POST /api/notifications. 200 {organisation, kind, start, end, conflicts}: every open
                humanitarian corridor within the configured distance (military kinds), every other party's notification
                overlapping in space and time, every benchmarked zone that forbids this party this movement from its due date,
                and every truce in force whose scope covers it (military kinds); each with the other object's slug or id, where
                (distanceM, areaM2 or lengthM, bbox, geometry) and when ({from, to}). Needs a reporter key.
                """)
            .Produces<CheckResult>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        app.MapPost("/api/notifications/{id:long}/acknowledge", Acknowledge).RequireRole(NotificationWrites.AcknowledgeNeeds)
            .WithName("AcknowledgeNotification").WithTags("Notifications")
            .WithSummary("The monitor acknowledges a notification")
            .WithDescription("Optional JSON {note}. 200 with the notification (also when it was already acknowledged); 404 when absent; 409 when withdrawn. Needs a reviewer key.")
            .ProducesWire(StatusCodes.Status200OK, ReadSchemas.Notification, "application/geo+json")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        app.MapPost("/api/notifications/{id:long}/withdraw", Withdraw).RequireRole(NotificationWrites.Needs)
            .WithName("WithdrawNotification").WithTags("Notifications")
            .WithSummary("The filing party withdraws a notification")
            .WithDescription("Optional JSON {note}. 200 with the notification (also when it was already withdrawn); 403 for another organisation's (unless admin); 404 when absent. Needs a reporter key.")
            .ProducesWire(StatusCodes.Status200OK, ReadSchemas.Notification, "application/geo+json")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        var api = app.MapGroup("/api").WithReadProblems().RequireCors(ReadApi.CorsPolicy);
        api.MapGet("/notifications", List).RequireRole(Role.Reader)
            .WithName("GetNotifications").WithQuery(ListParameters).WithTags("Notifications")
            .WithSummary("Pre-notifications as a GeoJSON FeatureCollection")
            .WithDescription("""
                Filters (AND): organisation, kind and status (repeat or comma-separate), activeAt (in force then), from/to
                (window overlapping [from, to)), bbox=minLon,minLat,maxLon,maxLat, incident (an incident id: the notifications
                that cover it, by the rule of preNotified). Pages of limit (1–1000, default 100) by id; the next page's link
                carries after=. Needs a reader key.

                Example: GET /api/notifications?activeAt=2024-12-01T10:00:00Z&kind=strike
                """)
            .ProducesWire(StatusCodes.Status200OK, ReadSchemas.Notifications, "application/geo+json")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/notifications/{id:long}", Get).RequireRole(Role.Reader)
            .WithName("GetNotification").WithTags("Notifications")
            .WithSummary("One pre-notification as a GeoJSON Feature, with the conflicts recorded when it was filed")
            .WithDescription("Example: GET /api/notifications/1")
            .ProducesWire(StatusCodes.Status200OK, ReadSchemas.Notification, "application/geo+json")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/notifications/{id:long}/conflicts", Conflicts).RequireRole(Role.Reader)
            .WithName("GetNotificationConflicts").WithTags("Notifications")
            .WithSummary("The deconfliction check of a stored notification, against what is stored now")
            .WithDescription("""
                The conflicts recorded at filing do not change; this runs the same check now (e.g. after another party filed an
                overlapping notification). 200 {conflicts}.

                Example: GET /api/notifications/1/conflicts
                """)
            .ProducesWire(StatusCodes.Status200OK, ReadSchemas.NotificationConflicts)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> File(HttpContext ctx, UploadOptions options, NotificationWrites writes, CancellationToken ct)
    {
        var read = await UploadsApi.ReadJsonAsync(ctx, options.MaxSingleBytes, ct);
        if (read.Problem is not null) return read.Problem;
        using var doc = read.Document!;
        var outcome = await writes.FileAsync(Caller.Of(ctx.User), doc.RootElement, ct);
        if (outcome is Outcome<NotificationRecord>.Refused r) return r.Why.Problem(ctx);
        var filed = outcome.ValueOrDefault!;
        ctx.Response.Headers.Location = $"/api/notifications/{filed.Id}";
        return Results.Json(filed.ToFeature(), statusCode: StatusCodes.Status201Created, contentType: "application/geo+json");
    }

    private static async Task<IResult> Check(HttpContext ctx, UploadOptions options, NotificationWrites writes, CancellationToken ct)
    {
        var read = await UploadsApi.ReadJsonAsync(ctx, options.MaxSingleBytes, ct);
        if (read.Problem is not null) return read.Problem;
        using var doc = read.Document!;
        return await writes.CheckAsync(Caller.Of(ctx.User), doc.RootElement, ct) switch
        {
            Outcome<CheckResult>.Refused r => r.Why.Problem(ctx),
            var o => Results.Json(o.ValueOrDefault),
        };
    }

    private static Task<IResult> Acknowledge(long id, HttpContext ctx, UploadOptions options, NotificationWrites writes, CancellationToken ct) =>
        Change(ctx, options, (caller, body) => writes.AcknowledgeAsync(caller, id, body, ct), ct);

    private static Task<IResult> Withdraw(long id, HttpContext ctx, UploadOptions options, NotificationWrites writes, CancellationToken ct) =>
        Change(ctx, options, (caller, body) => writes.WithdrawAsync(caller, id, body, ct), ct);

    // A status change: the body {note} is optional (an empty body is {}).
    private static async Task<IResult> Change(HttpContext ctx, UploadOptions options, Func<Caller, JsonElement, Task<Outcome<NotificationRecord>>> change,
        CancellationToken ct)
    {
        JsonDocument doc;
        if (ctx.Request.ContentLength is 0 || (ctx.Request.ContentLength is null && ctx.Request.ContentType is null)) doc = JsonDocument.Parse("{}");
        else
        {
            var read = await UploadsApi.ReadJsonAsync(ctx, options.MaxSingleBytes, ct);
            if (read.Problem is not null) return read.Problem;
            doc = read.Document!;
        }
        using (doc)
            return await change(Caller.Of(ctx.User), doc.RootElement) switch
            {
                Outcome<NotificationRecord>.Refused r => r.Why.Problem(ctx),
                var o => Results.Json(o.ValueOrDefault!.ToFeature(), contentType: "application/geo+json"),
            };
    }

    /// <summary>GET /api/notifications.</summary>
    public static async Task<IResult> List(HttpContext http, [FromKeyedServices(ReadReplica.Key)] NotificationStore store, IncidentStore incidents,
        CancellationToken ct)
    {
        var q = new QueryReader(http.Request.Query, ListParameters);
        var filter = await ReadFilterAsync(q, Caller.Of(http.User), incidents, ct);
        var rows = await store.ListAsync(filter, ct);
        var page = rows.Take(filter.Limit).ToList();
        var links = new List<object>();
        if (rows.Count > filter.Limit)
        {
            var next = QueryString.Create(http.Request.Query.Where(p => p.Key != "after")
                .SelectMany(p => p.Value.Select(v => KeyValuePair.Create(p.Key, v)))
                .Append(KeyValuePair.Create("after", (string?)page[^1].Id.ToString(CultureInfo.InvariantCulture))));
            links.Add(new { rel = "next", type = "application/geo+json", href = $"/api/notifications{next}" });
        }
        return Results.Json(new { type = "FeatureCollection", numberReturned = page.Count, features = page.Select(n => n.ToFeature()), links },
            contentType: "application/geo+json");
    }

    /// <summary>GET /api/notifications/{id}.</summary>
    public static async Task<IResult> Get(long id, HttpContext http, [FromKeyedServices(ReadReplica.Key)] NotificationStore store, CancellationToken ct)
    {
        _ = new QueryReader(http.Request.Query, []);
        var found = await store.ListAsync(new NotificationFilter { Id = id, Limit = 1 }, ct);
        if (found.Count == 0) throw new ResourceNotFoundException("id", $"No notification with id {id}.");
        return Results.Json(found[0].ToFeature(), contentType: "application/geo+json");
    }

    /// <summary>GET /api/notifications/{id}/conflicts.</summary>
    public static async Task<IResult> Conflicts(long id, HttpContext http, [FromKeyedServices(ReadReplica.Key)] Npgsql.NpgsqlDataSource db, CancellationToken ct)
    {
        _ = new QueryReader(http.Request.Query, []);
        return Results.Json(new { id, conflicts = await new Deconfliction(db).CheckAsync(await StoredCandidateAsync(db, id, ct), ct) });
    }

    /// <summary>A stored notification as a candidate of the check (excluding itself).</summary>
    public static async Task<Candidate> StoredCandidateAsync(Npgsql.NpgsqlDataSource db, long id, CancellationToken ct)
    {
        // Its area is already computed: the check takes it as an area.
        await using var cmd = SqlArgs.Command(db, "SELECT organisation, kind, geom, lower(during), upper(during) FROM notifications WHERE id = $1", id);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) throw new ResourceNotFoundException("id", $"No notification with id {id}.");
        return new Candidate(r.GetString(0), r.GetString(1), null, null, r.GetFieldValue<Geometry>(2), SqlArgs.Time(r, 3)!.Value, SqlArgs.Time(r, 4)!.Value, id);
    }

    /// <summary>Reads the list filter (400 naming a bad parameter; the incident as its caller may see it).</summary>
    public static async Task<NotificationFilter> ReadFilterAsync(QueryReader q, Caller viewer, IncidentStore incidents, CancellationToken ct)
    {
        var kinds = q.List("kind");
        if (kinds?.FirstOrDefault(k => !NotificationBody.Kinds.Contains(k)) is { } badKind)
            throw new QueryParameterException("kind", $"Unknown kind '{badKind}'; one of {string.Join(", ", NotificationBody.Kinds)}.");
        var statuses = q.List("status");
        if (statuses?.FirstOrDefault(s => !Statuses.Contains(s)) is { } badStatus)
            throw new QueryParameterException("status", $"Unknown status '{badStatus}'; one of {string.Join(", ", Statuses)}.");
        var from = q.Instant("from");
        var to = q.Instant("to");
        if (from is { } f && to is { } t && f >= t) throw new QueryParameterException("from", $"'from' ({f:O}) is not before 'to' ({t:O}).");
        long? incident = q.String("incident") is { } text ? Id("incident", text) : null;
        if (incident is { } i) await EnsureIncidentVisibleAsync(incidents, i, viewer, "incident", ct);
        var org = q.String("organisation");
        if (org is not null && !LayerAdmin.LayerInputs.IsSlug(org)) throw new QueryParameterException("organisation", $"'{org}' is not an organisation slug.");
        return new NotificationFilter
        {
            Organisation = org,
            Kinds = kinds,
            Statuses = statuses,
            ActiveAt = q.Instant("activeAt")?.UtcDateTime,
            From = from?.UtcDateTime,
            To = to?.UtcDateTime,
            Bbox = q.String("bbox") is { } b ? IncidentRequest.Bbox(b) : null,
            Incident = incident,
            After = q.String("after") is { } a ? Id("after", a) : null,
            Limit = q.Int("limit", 1, 1000) ?? 100,
        };
    }

    /// <summary>
    /// Throws the visibility rule's refusal (404, or 401 for an incident that is not public) unless a caller with
    /// <paramref name="viewer"/> may read incident <paramref name="id"/>: what one may not read cannot be asked about through
    /// its notifications either.
    /// </summary>
    public static async Task EnsureIncidentVisibleAsync(IncidentStore incidents, long id, Caller viewer, string parameter, CancellationToken ct)
    {
        var one = IncidentSql.Build(IncidentVisibility.One(id, viewer));
        await using var cmd = one.Command(incidents.Db, $"{one.WithClause}SELECT 1 FROM incidents {IncidentSql.Alias} WHERE {one.Where}");
        if (await cmd.ExecuteScalarAsync(ct) is null) throw await IncidentVisibility.MissingAsync(incidents, id, viewer, parameter, ct);
    }

    private static long Id(string name, string s) =>
        long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new QueryParameterException(name, $"'{name}' must be a positive integer, got '{s}'.");
}
