using GeoMonitor.Api.Features.Common;
using GeoMonitor.Api.Features.Incidents;
using GeoMonitor.Api.Features.Incidents.Query;
using GeoMonitor.Api.Features.Review;
using GeoMonitor.Api.Features.Uploads;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Api.Infrastructure.Database;
using Npgsql;

using GeoMonitor.Api.Infrastructure.OpenApi;

namespace GeoMonitor.Api.Features.Verification;

/// <summary>
/// The REST adapters of the verification lifecycle (docs/verification.md): the steps on an incident (assignment,
/// verification, notes; the review is POST /api/incidents/{id}/review in Features/Review), the queue and its metrics,
/// observer teams and organisations, and the clarification hotline. Each write reads its JSON body (media type, size,
/// syntax) and hands it to its use case; each read is keyed and goes through the one visibility rule.
/// </summary>
public static class VerificationApi
{
    private static readonly string[] QueueParameters = ["state", "team", "limit"];
    private static readonly string[] StatsParameters = ["from", "to", "team", "truce"];
    private static readonly string[] LogParameters = ["status", "incident", "limit"];

    /// <summary>The largest page of the queue and of the hotline's log.</summary>
    public const int MaxLimit = 1000;

    /// <summary>Registers the lifecycle's services, its stores (the primary's, and the read connection's for the queue and metrics) and the hotline's listener.</summary>
    public static IServiceCollection AddVerification(this IServiceCollection services)
    {
        services.AddSingleton(sp => VerificationOptions.From(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton<VerificationStore>();
        services.AddKeyedSingleton(ReadReplica.Key, (sp, _) => new VerificationStore(sp.GetRequiredKeyedService<NpgsqlDataSource>(ReadReplica.Key)));
        services.AddSingleton<VerificationWorkflow>();
        services.AddSingleton<ObserverTeamStore>();
        services.AddSingleton<TeamWrites>();
        services.AddSingleton<ClarificationStore>();
        services.AddSingleton<Hotline>();
        services.AddSingleton<ClarificationEvents>();
        services.AddHostedService(sp => sp.GetRequiredService<ClarificationEvents>());
        return services;
    }

    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapVerification(this IEndpointRouteBuilder app)
    {
        // ---- the lifecycle's steps on an incident ----
        Step(app.MapPost("/api/incidents/{id:long}/assignment", Assign), VerificationWorkflow.AssignRole, "AssignIncident",
            "Assign an incident to an observer team",
            """
            Body {"team": "<team slug>", "note": "…"}: from reported (or from assigned, to another team). Uploads are assigned
            automatically when exactly one observer team covers one of the incident's zones; otherwise an admin assigns.
            422 when there is no such team; 409 invalid-transition (with currentState and allowedNext) from any other state.
            If-Match with the version is optional (412 when stale). Needs an admin key.
            """);
        Step(app.MapPost("/api/incidents/{id:long}/verification", Verify), VerificationWorkflow.VerifyRole, "VerifyIncident",
            "Record the on-site verification",
            """
            Body {"outcome": "verified_on_site" | "could_not_verify", "findings": "…", "evidence": ["…"]} by a member key of
            the assigned observer team (403 not-team-member otherwise). The incident enters cooling_off at once (revisions
            verify and cool_off) until now + the cooling-off: the longest set by a truce in force covering the incident, else
            GeoMonitor:Verification:CoolingOff (24 h). 409 invalid-transition from any state but assigned. If-Match optional.
            """);
        Step(app.MapPost("/api/incidents/{id:long}/notes", Note), VerificationWorkflow.NoteRole, "AddIncidentNote",
            "Attach a note or a counter-report",
            """
            Body {"kind": "note" | "counter_report", "text": "…"}, in any state (the cooling-off included), by anyone in the
            process: keys of the reporter's or the assigned team's organisation, reviewers and admins (403 not-in-process
            otherwise). The state does not change; the version does, so a reviewer acting on an older version (If-Match)
            is told that something was added. 201 with the incident; the note is in GET /api/incidents/{id}/history.
            """, StatusCodes.Status201Created);

        // ---- keyed reads: the queue, the metrics, teams, organisations, the hotline's log ----
        var reads = app.MapGroup("/api").WithReadProblems().RequireCors(ReadApi.CorsPolicy).RequireRole(Hotline.ReadRole);
        reads.MapGet("/verification/queue", GetQueue).WithName("GetVerificationQueue").WithQuery(QueueParameters).WithTags("Verification")
            .WithSummary("The incidents waiting in the lifecycle, with state and age")
            .WithDescription("""
                The incidents not yet published or rejected that this key may read — its organisation's, as reporter or as
                the assigned team's; every one for reviewers and admins — oldest in its state first: state, stateEnteredAt,
                ageSeconds, team, cooling-off end, and the steps that may follow; total counts all that wait, count those
                listed. state= (repeat or comma-separate) narrows
                the states (any lifecycle state), team= one team, limit= 1–1000 (default 100). Needs a reader key.

                Example: GET /api/verification/queue?state=cooling_off,under_independent_review
                """)
            .Produces<QueueResponse>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(403);
        reads.MapGet("/verification/stats", GetStats).WithName("GetVerificationStats").WithQuery(StatsParameters).WithTags("Verification")
            .WithSummary("Lifecycle metrics: time to assignment, verification and publication")
            .WithDescription("""
                Over incidents reported (created) in [from, to): the median and 90th percentile (percentile_cont) of the
                seconds from report to first assignment, to the on-site verification and to publication, in all, per assigned
                team and per truce in force covering the incident; each with how many reached the milestone. team= and
                truce= narrow the incidents. Needs a reader key.

                Example: GET /api/verification/stats?from=2026-04-16&truce=ceasefire-2026-04
                """)
            .Produces<VerificationStats>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(403);
        reads.MapGet("/teams", GetTeams).WithName("GetObserverTeams").WithTags("Verification")
            .WithSummary("Neutral observer teams")
            .WithDescription("Every observer team by slug: name, organisation, zones (slugs) and members (key names). Needs a reader key.\n\nExample: GET /api/teams")
            .Produces<TeamsResponse>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(403);
        reads.MapGet("/teams/{slug}", GetTeam).WithName("GetObserverTeam").WithTags("Verification")
            .WithSummary("One observer team")
            .WithDescription("The team with this slug; 404 when there is none. Needs a reader key.\n\nExample: GET /api/teams/unifil-sector-west")
            .Produces<ObserverTeam>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);
        reads.MapGet("/organisations", GetOrganisations).WithName("GetOrganisations").WithTags("Verification")
            .WithSummary("Organisations")
            .WithDescription("Every organisation by slug, with how many active keys it has and its observer teams. Needs a reader key.\n\nExample: GET /api/organisations")
            .Produces<OrganisationsResponse>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(403);
        reads.MapGet("/clarifications", GetClarifications).WithName("GetClarifications").WithQuery(LogParameters).WithTags("Clarification hotline")
            .WithSummary("The clarification hotline's log")
            .WithDescription("""
                The requests this key may see — its organisation's; every one for duty officers (role reviewer or above) —
                newest first, with who asked, when, about what, the answer (who, when) and the response time; the summary
                counts open, answered and closed requests and gives the median and 90th percentile response time.
                status=open|answered|closed, incident=<id>, limit= 1–1000 (default 100). Needs a reader key.

                Example: GET /api/clarifications?status=open
                """)
            .Produces<ClarificationLog>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(403);
        reads.MapGet("/clarifications/{id:long}", GetClarification).WithName("GetClarification").WithTags("Clarification hotline")
            .WithSummary("One clarification request")
            .WithDescription("The request with its answer; 403 when it is another organisation's (duty officers read every one), 404 when there is none. Needs a reader key.\n\nExample: GET /api/clarifications/7")
            .Produces<Clarification>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);

        // ---- administration of teams and organisations ----
        Write(app.MapPut("/api/teams/{slug}", PutTeam), TeamWrites.Needs, "PutObserverTeam", "Create or replace an observer team", """
            Body {"name": "…", "organisation": "<slug>", "zones": ["<zone slug>", …], "members": ["<key name>", …]}. The
            organisation must exist, the zones too, and every member must be an active key of that organisation (422 naming
            the field otherwise). 201 when created, 200 when replaced. Needs an admin key.
            """, StatusCodes.Status201Created, typeof(ObserverTeam), orOk: true);
        app.MapDelete("/api/teams/{slug}", DeleteTeam).RequireRole(TeamWrites.Needs).WithName("DeleteObserverTeam").WithTags("Verification")
            .WithSummary("Delete an observer team")
            .WithDescription("204 when deleted; 404 when absent; 409 team-in-use while incidents are assigned to it (their history names it). Needs an admin key.")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        Write(app.MapPut("/api/organisations/{slug}", PutOrganisation), TeamWrites.Needs, "PutOrganisation", "Create or rename an organisation", """
            Body {"name": "…"}. Keys join an organisation when created (keys create --org <slug>, which also creates it).
            201 when created, 200 when renamed. Needs an admin key.
            """, StatusCodes.Status201Created, typeof(Organisation), orOk: true);

        // ---- the clarification hotline ----
        Write(app.MapPost("/api/clarifications", RequestClarification), Hotline.AskRole, "RequestClarification", "Ask the clarification hotline", """
            Body {"incidentId": 42, "question": "…"} or {"lon": 35.5, "lat": 33.2, "at": "2026-04-20T10:00:00Z", "question": "…"}:
            a party's request about an incident (which it must be able to read: 403 otherwise) or about a place and time. 201
            with the request (status open); every instance's subscribers to clarificationRequested hear of it at once (NOTIFY
            geomonitor_clarifications). Needs a reporter key.
            """, StatusCodes.Status201Created, typeof(Clarification));
        Write(app.MapPost("/api/clarifications/{id:long}/answer", AnswerClarification), Hotline.DutyRole, "AnswerClarification", "Answer a clarification request", """
            Body {"answer": "…"} by a duty officer (role reviewer or above): the request becomes answered, with who, when and
            the response time. 409 when it is not open; 404 when there is none. Needs a reviewer key.
            """, StatusCodes.Status200OK, typeof(Clarification))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        Write(app.MapPost("/api/clarifications/{id:long}/close", CloseClarification), Hotline.AskRole, "CloseClarification", "Close a clarification request", """
            Body {"note": "…"} (optional note; send {} for none), by the asking organisation or a duty officer (403 otherwise):
            the request becomes closed. 409 when it is closed already; 404 when there is none. Needs a reporter key.
            """, StatusCodes.Status200OK, typeof(Clarification))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    /// <summary>The queue's answer: <paramref name="Count"/> items of <paramref name="Total"/> waiting.</summary>
    public sealed record QueueResponse(long Total, int Count, int Limit, IReadOnlyList<QueueItem> Items);

    /// <summary>The teams' answer.</summary>
    public sealed record TeamsResponse(IReadOnlyList<ObserverTeam> Teams);

    /// <summary>The organisations' answer.</summary>
    public sealed record OrganisationsResponse(IReadOnlyList<Organisation> Organisations);

    /// <summary>The hotline log's answer.</summary>
    public sealed record ClarificationLog(IReadOnlyList<Clarification> Items, ClarificationSummary Summary);

    private static void Step(RouteHandlerBuilder e, Role role, string name, string summary, string description, int success = StatusCodes.Status200OK) =>
        e.RequireRole(role).WithName(name).WithRequestHeaders("If-Match").WithTags("Verification").WithSummary(summary).WithDescription(description + " See docs/verification.md.")
            .Produces<IncidentRecord>(success)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    private static RouteHandlerBuilder Write(RouteHandlerBuilder e, Role role, string name, string summary, string description, int success, Type body,
        bool orOk = false)
    {
        e.RequireRole(role).WithName(name).WithTags(name.Contains("Clarification") ? "Clarification hotline" : "Verification")
            .WithSummary(summary).WithDescription(description).Produces(success, body);
        if (orOk) e.Produces(StatusCodes.Status200OK, body);
        return e.ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }

    private delegate Task<Outcome<IncidentRecord>> LifecycleStep(Caller caller, long id, System.Text.Json.JsonElement body, IReadOnlyCollection<int>? expected,
        CancellationToken ct);

    // The transport's part of a step: If-Match (optional) and the JSON body; the rest is the use case's.
    private static async Task<IResult> StepAsync(long id, HttpContext ctx, UploadOptions options, LifecycleStep step, CancellationToken ct)
    {
        var match = ReviewApi.IfMatch(ctx.Request, required: false);
        if (match.Problem is not null) return match.Problem;
        var read = await UploadsApi.ReadJsonAsync(ctx, options.MaxSingleBytes, ct);
        if (read.Problem is not null) return read.Problem;
        using var doc = read.Document!;
        var outcome = await step(Caller.Of(ctx.User), id, doc.RootElement, match.Versions, ct);
        return outcome is Outcome<IncidentRecord>.Created c
            ? UploadsApi.WithETag(ctx, c.Value, Results.Created($"/api/incidents/{id}/history", c.Value))
            : ReviewApi.Answer(ctx, outcome);
    }

    private static Task<IResult> Assign(long id, HttpContext ctx, UploadOptions options, VerificationWorkflow workflow, CancellationToken ct) =>
        StepAsync(id, ctx, options, workflow.AssignAsync, ct);

    private static Task<IResult> Verify(long id, HttpContext ctx, UploadOptions options, VerificationWorkflow workflow, CancellationToken ct) =>
        StepAsync(id, ctx, options, workflow.VerifyAsync, ct);

    private static Task<IResult> Note(long id, HttpContext ctx, UploadOptions options, VerificationWorkflow workflow, CancellationToken ct) =>
        StepAsync(id, ctx, options, workflow.NoteAsync, ct);

    private static async Task<IResult> GetQueue(HttpContext http, [FromKeyedServices(ReadReplica.Key)] VerificationStore store, CancellationToken ct)
    {
        var q = new QueryReader(http.Request.Query, QueueParameters);
        var states = q.List("state");
        if (states?.FirstOrDefault(s => !IncidentStates.All.Contains(s)) is { } bad)
            throw new QueryParameterException("state", $"Unknown state '{bad}'; one of {string.Join(", ", IncidentStates.All)}.");
        var team = q.String("team");
        if (team is not null && !BodyFields.IsSlug(team)) throw new QueryParameterException("team", $"'{team}' is not a team slug.");
        var limit = q.Int("limit", 1, MaxLimit) ?? 100;
        var filter = IncidentVisibility.Apply(new IncidentFilter { Statuses = states ?? IncidentStates.Waiting }, Caller.Of(http.User), "state");
        var items = await store.QueueAsync(filter, team, limit, ct);
        var total = items.Count < limit ? items.Count : await store.QueueCountAsync(filter, team, ct);
        return Results.Ok(new QueueResponse(total, items.Count, limit, items));
    }

    private static async Task<IResult> GetStats(HttpContext http, [FromKeyedServices(ReadReplica.Key)] VerificationStore store, CancellationToken ct)
    {
        var q = new QueryReader(http.Request.Query, StatsParameters);
        var from = q.Instant("from");
        var to = q.Instant("to");
        if (from is { } f && to is { } t && f > t) throw new QueryParameterException("from", $"'from' ({f:O}) is after 'to' ({t:O}).");
        var team = q.String("team");
        var truce = q.String("truce");
        foreach (var (name, slug) in new[] { ("team", team), ("truce", truce) })
            if (slug is not null && !BodyFields.IsSlug(slug)) throw new QueryParameterException(name, $"'{slug}' is not a slug.");
        return Results.Ok(await store.StatsAsync(from?.UtcDateTime, to?.UtcDateTime, team, truce, ct));
    }

    private static async Task<IResult> GetTeams(HttpContext http, ObserverTeamStore store, CancellationToken ct)
    {
        _ = new QueryReader(http.Request.Query, []);
        return Results.Ok(new TeamsResponse(await store.TeamsAsync(null, ct)));
    }

    private static async Task<IResult> GetTeam(string slug, HttpContext http, ObserverTeamStore store, CancellationToken ct)
    {
        _ = new QueryReader(http.Request.Query, []);
        return (await store.TeamsAsync([slug], ct)).FirstOrDefault() is { } team
            ? Results.Ok(team)
            : throw new ResourceNotFoundException("slug", $"No observer team with slug '{slug}'.");
    }

    private static async Task<IResult> GetOrganisations(HttpContext http, ObserverTeamStore store, CancellationToken ct)
    {
        _ = new QueryReader(http.Request.Query, []);
        return Results.Ok(new OrganisationsResponse(await store.OrganisationsAsync(null, ct)));
    }

    private static async Task<IResult> GetClarifications(HttpContext http, ClarificationStore store, CancellationToken ct)
    {
        var q = new QueryReader(http.Request.Query, LogParameters);
        var status = q.OneOf("status", [.. Hotline.Statuses]);
        var incident = q.String("incident") is { } text
            ? long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0
                ? n : throw new QueryParameterException("incident", $"'incident' must be a positive integer id, got '{text}'.")
            : (long?)null;
        var limit = q.Int("limit", 1, MaxLimit) ?? 100;
        var (items, summary) = await store.ListAsync(Hotline.Scope(Caller.Of(http.User)), status, incident, limit, ct);
        return Results.Ok(new ClarificationLog(items, summary));
    }

    private static async Task<IResult> GetClarification(long id, HttpContext http, ClarificationStore store, CancellationToken ct)
    {
        _ = new QueryReader(http.Request.Query, []);
        if (await store.GetAsync(id, Hotline.Scope(Caller.Of(http.User)), ct) is { } found) return Results.Ok(found);
        if (await store.ExistsAsync(id, ct))
            throw new ReadForbiddenException("id", $"Clarification request {id} is another organisation's; parties read their own, duty officers (role reviewer or above) every one.");
        throw new ResourceNotFoundException("id", $"No clarification request with id {id}.");
    }

    // The transport's part of an admin or hotline write: the JSON body; the rest is the use case's.
    private static async Task<IResult> WriteAsync<T>(HttpContext ctx, UploadOptions options, Func<System.Text.Json.JsonElement, Task<Outcome<T>>> write,
        Func<T, string> location, CancellationToken ct)
    {
        var read = await UploadsApi.ReadJsonAsync(ctx, options.MaxSingleBytes, ct);
        if (read.Problem is not null) return read.Problem;
        using var doc = read.Document!;
        return await write(doc.RootElement) switch
        {
            Outcome<T>.Refused r => r.Why.Problem(ctx),
            Outcome<T>.Created c => Results.Created(location(c.Value), c.Value),
            var done => Results.Ok(done.ValueOrDefault),
        };
    }

    private static Task<IResult> PutTeam(string slug, HttpContext ctx, UploadOptions options, TeamWrites writes, CancellationToken ct) =>
        WriteAsync(ctx, options, body => writes.PutTeamAsync(Caller.Of(ctx.User), slug, body, ct), t => $"/api/teams/{t.Slug}", ct);

    private static async Task<IResult> DeleteTeam(string slug, HttpContext ctx, TeamWrites writes, CancellationToken ct) =>
        await writes.DeleteTeamAsync(Caller.Of(ctx.User), slug, ct) is Outcome<string>.Refused r ? r.Why.Problem(ctx) : Results.NoContent();

    private static Task<IResult> PutOrganisation(string slug, HttpContext ctx, UploadOptions options, TeamWrites writes, CancellationToken ct) =>
        WriteAsync(ctx, options, body => writes.PutOrganisationAsync(Caller.Of(ctx.User), slug, body, ct), o => $"/api/organisations/{o.Slug}", ct);

    private static Task<IResult> RequestClarification(HttpContext ctx, UploadOptions options, Hotline hotline, CancellationToken ct) =>
        WriteAsync(ctx, options, body => hotline.RequestAsync(Caller.Of(ctx.User), body, ct), c => $"/api/clarifications/{c.Id}", ct);

    private static Task<IResult> AnswerClarification(long id, HttpContext ctx, UploadOptions options, Hotline hotline, CancellationToken ct) =>
        WriteAsync(ctx, options, body => hotline.AnswerAsync(Caller.Of(ctx.User), id, body, ct), c => $"/api/clarifications/{c.Id}", ct);

    private static Task<IResult> CloseClarification(long id, HttpContext ctx, UploadOptions options, Hotline hotline, CancellationToken ct) =>
        WriteAsync(ctx, options, body => hotline.CloseAsync(Caller.Of(ctx.User), id, body, ct), c => $"/api/clarifications/{c.Id}", ct);
}
